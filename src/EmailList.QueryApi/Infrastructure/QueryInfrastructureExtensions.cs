using EmailList.Core.Credentials;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailList.QueryApi.Infrastructure;

internal static class QueryInfrastructureExtensions
{
    /// <summary>
    /// Stores, caches and AWS clients, chosen by configuration alone as the send API does: <c>Storage:Provider</c>
    /// (Sqlite or DynamoDb) and a Redis connection string (<c>ConnectionStrings:redis</c>); without Redis the
    /// suppression lookup reads the store and credentials are cached in-process only.
    /// </summary>
    public static TBuilder AddQueryInfrastructure<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(TenantCredentialBroker)))
        {
            // A host that also runs the send API has registered all of this already; a second Redis health check would clash.
            return builder;
        }

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
            services.TryAddSingleton<ICredentialCache, NoCredentialCache>();
            services.TryAddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
        }

        services.AddSesClient();
        services.AddStsRoleAssumer();

        services.AddOptions<CredentialBrokerOptions>().BindConfiguration(CredentialBrokerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TenantChangeFeed>();
        services.TryAddSingleton<ITenantChangePublisher, LocalTenantChangePublisher>();
        services.TryAddSingleton<TenantCredentialBroker>();
        services.TryAddSingleton<TenantDirectory>();
        services.TryAddSingleton<SuppressionList>();
        return builder;
    }

    private static bool RedisConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis"))
        || !string.IsNullOrWhiteSpace(configuration["Redis:ConnectionString"]);
}
