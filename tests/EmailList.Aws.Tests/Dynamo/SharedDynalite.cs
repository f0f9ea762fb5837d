using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

/// <summary>One dynalite for every DynamoDB test class; each class uses its own table prefix.</summary>
[CollectionDefinition(Name)]
public sealed class SharedDynalite : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "Dynalite";
}
