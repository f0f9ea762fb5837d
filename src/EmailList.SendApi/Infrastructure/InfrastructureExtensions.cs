using Microsoft.Extensions.DependencyInjection.Extensions;
using EmailList.Core.Credentials;
using EmailList.Core.Idempotency;
using EmailList.Core.Mail;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Redis;

namespace EmailList.SendApi.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>
    /// Stores, caches and AWS clients, chosen by configuration alone: <c>Storage:Provider</c> (Sqlite or
    /// DynamoDb) and a Redis connection string (<c>ConnectionStrings:redis</c>); without Redis, the caches
    /// are in-process.
    /// </summary>
    public static TBuilder AddEmailListInfrastructure<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
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
            services.AddSingleton<ICredentialCache, NoCredentialCache>();
            services.AddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
            services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        }

        services.AddSesClient();
        services.AddStsRoleAssumer();

        services.AddOptions<CredentialBrokerOptions>().BindConfiguration(CredentialBrokerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TenantChangeFeed>();
        services.TryAddSingleton<ITenantChangePublisher, LocalTenantChangePublisher>();
        services.AddSingleton<TenantCredentialBroker>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<MailSender>();
        return builder;
    }

    private static bool RedisConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis"))
        || !string.IsNullOrWhiteSpace(configuration["Redis:ConnectionString"]);
}
