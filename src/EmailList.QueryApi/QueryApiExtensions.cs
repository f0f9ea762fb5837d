using Amazon;
using Amazon.S3;
using EmailList.Core.Credentials;
using EmailList.Core.Onboarding;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.QueryApi.Events;
using EmailList.QueryApi.Http;
using EmailList.QueryApi.Messages;
using EmailList.QueryApi.Stats;
using EmailList.QueryApi.Suppression;
using EmailList.QueryApi.Tenants;
using EmailList.QueryApi.Verify;
using EmailList.QueryApi.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailList.QueryApi;

public static class QueryApiExtensions
{
    /// <summary>Everything the query API uses, chosen by configuration alone (<c>Storage:Provider</c>, a Redis connection string).</summary>
    public static WebApplicationBuilder AddQueryApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddEmailListAuthentication();
        builder.DescribeApi("EmailList query API",
            "A tenant's SES events, message timelines and statistics, its suppression list, its webhooks, and tenant onboarding.");
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, QueryApiJsonContext.Default));

        // Tenants, suppression entries and events: SQLite (the default) or DynamoDB.
        if (builder.Configuration.UsesDynamoDb())
        {
            services.AddDynamoDbStores();
        }
        else
        {
            services.AddSqliteStores();
        }

        // With Redis: credentials shared with the send API (encrypted), the cached suppression lookup, and tenant-change
        // notices that reach every instance of every service. Without: in-process equivalents.
        if (builder.Configuration.UsesRedis())
        {
            services.AddRedisInfrastructure();
            services.AddHealthChecks().AddRedisHealthCheck();
        }
        else
        {
            services.AddSingleton<ICredentialCache, NoCredentialCache>();
            services.AddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
            services.AddSingleton<ITenantChangePublisher, LocalTenantChangePublisher>();
        }

        // The tenant's AWS account (STS, SES v2) and the platform's EventBridge bus, which onboarding opens to it.
        services.AddStsRoleAssumer();
        services.AddSesClient();
        services.AddEventBridgeClient();

        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OnboardingOptions>().BindConfiguration(OnboardingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Quick-create links: a presigned GET of the template in the private bucket, when one is configured.
        services.AddOptions<TemplateLinkOptions>().BindConfiguration(TemplateLinkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CustomerTemplateLink>();
        services.TryAddSingleton<IAmazonS3>(provider => new AmazonS3Client(new AmazonS3Config
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(provider.GetRequiredService<IOptions<TemplateLinkOptions>>().Value.TemplateBucketRegion),
        }));
        services.AddOptions<CredentialBrokerOptions>().BindConfiguration(CredentialBrokerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The embedded default hands in the feed its other services use, so a role removed here stops their sends at once.
        services.TryAddSingleton<TenantChangeFeed>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantCredentialBroker>();
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<TenantOnboarding>();
        services.AddSingleton<SuppressionSync>();
        services.AddSingleton<TenantSesAccess>();
        services.AddSingleton<SuppressionCsvImport>();
        services.AddSingleton<CursorSigner>();

        // Webhooks: where they may point is checked when saved (and again by the dispatcher at every connection).
        services.AddOptions<WebhookTargetOptions>().BindConfiguration(WebhookTargetOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookTargetGuard>();
        services.AddSingleton<WebhookCatalog>();
        return builder;
    }

    public static WebApplication MapQueryApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapEventEndpoints();
        app.MapMessageEndpoints();
        app.MapStatsEndpoints();
        app.MapSuppressionEndpoints();
        app.MapVerifyStsEndpoints();
        app.MapTenantEndpoints();
        app.MapWebhookEndpoints();
        return app;
    }
}
