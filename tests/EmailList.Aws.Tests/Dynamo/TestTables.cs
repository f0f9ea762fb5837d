using System.Collections.Concurrent;
using EmailList.Aws.Dynamo;
using EmailList.Testing.Dynamo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.Dynamo;

/// <summary>Tables under a prefix unique to one test class and run, created once however many tests ask.</summary>
public static class TestTables
{
    private static readonly string Run = Guid.NewGuid().ToString("N")[..8];
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Created = new(StringComparer.Ordinal);

    public static DynamoDbOptions Options(DynaliteFixture dynalite, string owner) => new()
    {
        ServiceUrl = dynalite.ServiceUrl,
        Region = DynaliteFixture.Region,
        AccessKeyId = DynaliteFixture.AccessKeyId,
        SecretAccessKey = DynaliteFixture.SecretAccessKey,
        TablePrefix = $"{Run}-{owner}-",
        CreateTables = true,
        RequireTimeToLive = false,
    };

    public static async Task<DynamoDbTables> ForAsync(DynaliteFixture dynalite, string owner)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        var options = Microsoft.Extensions.Options.Options.Create(Options(dynalite, owner));
        var tables = new DynamoDbTables(options);
        var initializer = new DynamoDbTableInitializer(dynalite.Client, tables, options, TimeProvider.System, NullLogger<DynamoDbTableInitializer>.Instance);
        await Created.GetOrAdd(options.Value.TablePrefix, _ => new Lazy<Task>(() => initializer.EnsureTablesAsync(CancellationToken.None))).Value;
        return tables;
    }
}
