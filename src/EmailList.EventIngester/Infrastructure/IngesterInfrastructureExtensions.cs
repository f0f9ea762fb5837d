using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Infrastructure;
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
        builder.AddEmailListStores();
        if (!builder.AddRedisWhenConfigured())
        {
            services.TryAddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
        }

        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SuppressionList>();
        services.TryAddSingleton<TenantChangeFeed>();
        return builder;
    }
}
