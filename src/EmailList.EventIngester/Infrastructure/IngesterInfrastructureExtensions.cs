using EmailList.Core.Suppression;
using EmailList.Core.Tenants;

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

        if (RedisConfigured(builder.Configuration))
        {
            services.AddRedisInfrastructure();
            services.AddHealthChecks().AddRedisHealthCheck();
        }
        else
        {
            services.AddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
        }

        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SuppressionList>();
        return builder;
    }

    private static bool RedisConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis"))
        || !string.IsNullOrWhiteSpace(configuration["Redis:ConnectionString"]);
}
