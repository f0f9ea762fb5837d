using System.Security.Cryptography;

using EmailList.Core.Suppression;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using StackExchange.Redis;

namespace EmailList.Redis.Tests;

/// <summary>The adapters as the services get them: through AddRedisInfrastructure and configuration.</summary>
public sealed class RedisServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public RedisServices(
        string connectionString,
        string? key = null,
        IReadOnlyList<string>? previousKeys = null,
        DictionarySuppressionStore? store = null,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        Key = key ?? NewKey();
        Store = store ?? new DictionarySuppressionStore();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = connectionString,
            ["CredentialEncryption:Key"] = Key,
        };
        for (var i = 0; i < (previousKeys?.Count ?? 0); i++)
        {
            settings[$"CredentialEncryption:PreviousKeys:{i}"] = previousKeys![i];
        }

        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<ISuppressionStore>(Store);
        services.AddRedisInfrastructure();
        services.AddHealthChecks().AddRedisHealthCheck();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public string Key { get; }

    public DictionarySuppressionStore Store { get; }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..20];

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Direct access to what is stored, through the same multiplexer.</summary>
    public Task<IDatabase> DatabaseAsync() => Get<RedisConnection>().GetDatabaseAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
