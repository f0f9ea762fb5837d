using EmailList.Core.Credentials;
using EmailList.Core.Idempotency;
using EmailList.Core.Suppression;
using EmailList.Redis;
using EmailList.Redis.Credentials;
using EmailList.Redis.Idempotency;
using EmailList.Redis.Suppression;
using EmailList.Redis.Tenants;
using EmailList.Core.Tenants;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The Redis credential cache, suppression lookup and idempotency store, replacing any other
    /// registration of those ports. Needs an <see cref="ISuppressionStore"/> and configuration:
    /// <c>ConnectionStrings:redis</c> (or <c>Redis:ConnectionString</c>) and <c>CredentialEncryption:Key</c>.
    /// </summary>
    public static IServiceCollection AddRedisInfrastructure(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var connectionString = configuration.GetConnectionString(RedisOptions.ConnectionStringName);
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    options.ConnectionString = connectionString;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());

        services.AddOptions<CredentialEncryptionOptions>()
            .BindConfiguration(CredentialEncryptionOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialEncryptionOptions>, CredentialEncryptionOptionsValidator>());

        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<CredentialProtector>();
        services.TryAddSingleton(provider => new InMemoryIdempotencyStore(provider.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<TenantChangeFeed>();
        services.TryAddSingleton<RedisTenantChanges>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisTenantChanges>());
        services.RemoveAll<ITenantChangePublisher>();
        services.AddSingleton<ITenantChangePublisher>(provider => provider.GetRequiredService<RedisTenantChanges>());

        services.RemoveAll<ICredentialCache>();
        services.RemoveAll<ISuppressionLookup>();
        services.RemoveAll<IIdempotencyStore>();
        services.AddSingleton<ICredentialCache, RedisCredentialCache>();
        services.AddSingleton<ISuppressionLookup, RedisSuppressionLookup>();
        services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        return services;
    }

    /// <summary>A "redis" check that reports Degraded, not Unhealthy, when Redis is down.</summary>
    public static IHealthChecksBuilder AddRedisHealthCheck(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
    }
}
