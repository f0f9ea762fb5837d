using EmailList.Core.Credentials;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EmailList.Infrastructure;

/// <summary>What every service chooses by configuration alone: the store (<c>Storage:Provider</c>) and whether Redis is there.</summary>
public static class PlatformInfrastructureExtensions
{
    /// <summary>The SQLite (default) or DynamoDB stores, by <c>Storage:Provider</c>.</summary>
    public static IHostApplicationBuilder AddEmailListStores(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = builder.Configuration["Storage:Provider"] ?? "Sqlite";
        if (provider.Equals("DynamoDb", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddDynamoDbStores();
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSqliteStores();
        }
        else
        {
            throw new InvalidOperationException($"Storage:Provider is '{provider}'; use 'Sqlite' or 'DynamoDb'.");
        }

        return builder;
    }

    /// <summary>
    /// The Redis adapters and a "redis" health check (Degraded when down) when a connection string is configured
    /// (<c>ConnectionStrings:redis</c> or <c>Redis:ConnectionString</c>); once per container, however many services share it.
    /// </summary>
    /// <returns>Whether Redis is used.</returns>
    public static bool AddRedisWhenConfigured(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!RedisConfigured(builder.Configuration))
        {
            return false;
        }

        // A second "redis" health check would throw at start-up.
        if (!builder.Services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            builder.Services.AddRedisInfrastructure();
            builder.Services.AddHealthChecks().AddRedisHealthCheck();
        }

        return true;
    }

    /// <summary>
    /// Reaching tenants' SES through their roles: the SES and STS clients, the credential broker (shared cache from
    /// Redis when there is one, else in-process only), the tenant directory, the suppression list and tenant change
    /// notices. Registered once; a second call in the same container adds nothing.
    /// </summary>
    public static IHostApplicationBuilder AddTenantAccess(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(TenantCredentialBroker)))
        {
            return builder;
        }

        if (!builder.AddRedisWhenConfigured())
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
