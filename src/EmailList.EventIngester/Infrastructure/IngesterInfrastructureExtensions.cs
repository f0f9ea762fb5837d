using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailList.EventIngester.Infrastructure;

public static class IngesterInfrastructureExtensions
{
    /// <summary>
    /// The stores the ingester writes, chosen by configuration as the send API chooses them: <c>Storage:Provider</c>
    /// (Sqlite or DynamoDb); with a Redis connection string the suppression lookup the send path reads is told of
    /// every suppression the ingester adds.
    /// </summary>
    public static TBuilder AddIngesterInfrastructure<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var provider = builder.Configuration["Storage:Provider"] ?? "Sqlite";
        if (provider.Equals("DynamoDb", StringComparison.OrdinalIgnoreCase))
        {
            services.AddDynamoDbStores();
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSqliteStores();
        }
        else
        {
            throw new InvalidOperationException($"Storage:Provider is '{provider}'; use 'Sqlite' or 'DynamoDb'.");
        }

        // In one process with the send API (the standalone host) Redis may be wired already; a second "redis" health check would throw.
        if (RedisConfigured(builder.Configuration) && !services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            services.AddRedisInfrastructure();
            services.AddHealthChecks().AddRedisHealthCheck();
        }
        else
        {
            services.TryAddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
        }

        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SuppressionList>();
        services.TryAddSingleton<TenantChangeFeed>();
        return builder;
    }

    private static bool RedisConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis"))
        || !string.IsNullOrWhiteSpace(configuration["Redis:ConnectionString"]);
}
