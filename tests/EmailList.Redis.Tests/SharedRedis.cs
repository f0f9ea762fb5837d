using EmailList.Testing.Redis;

namespace EmailList.Redis.Tests;

/// <summary>One Redis for the tests that keep it running; each test uses its own tenants.</summary>
[CollectionDefinition(Name)]
public sealed class SharedRedis : ICollectionFixture<RedisFixture>
{
    public const string Name = "Redis";
}
