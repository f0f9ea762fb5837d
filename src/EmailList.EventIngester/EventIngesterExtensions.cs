using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.EventIngester.Events;
using EmailList.EventIngester.Http;
using EmailList.EventIngester.Queue;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace EmailList.EventIngester;

public static class EventIngesterExtensions
{
    /// <summary>
    /// Everything the ingester uses, chosen by configuration as the send API chooses it (<c>Storage:Provider</c>, a Redis
    /// connection string). Events come from the SQS queue in <c>Ingester:Queue</c> when one is set, and from <c>POST /ses-events</c>,
    /// which authenticates by API key (<c>Ingester:SharedSecret</c>), not by bearer token.
    /// </summary>
    public static WebApplicationBuilder AddEventIngester(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.DescribeApi("EmailList event ingester", "Receives the tenants' SES events from the platform's EventBridge API destination.");
        services.Configure<OpenApiOptions>(OpenApiExtensions.DocumentName, o => o.AddDocumentTransformer<IngestKeySecurityTransformer>());

        // Tenants, suppression entries, events and contacts (a complaint unsubscribes from a list): SQLite (the default) or DynamoDB.
        if (builder.Configuration.UsesDynamoDb())
        {
            services.AddDynamoDbStores();
        }
        else
        {
            services.AddSqliteStores();
        }

        // With Redis, the suppression lookup the send path reads is told of every suppression added here, and tenant
        // changes (an offboarding) arrive from the query API. Without, suppressions are read from the store.
        if (builder.Configuration.UsesRedis())
        {
            services.AddRedisInfrastructure();
            services.AddHealthChecks().AddRedisHealthCheck();
        }
        else
        {
            services.AddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
        }

        services.AddOptions<IngesterOptions>().BindConfiguration(IngesterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddMetrics();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(IngesterMetrics.MeterName));
        services.AddSingleton<IngesterMetrics>();

        // The embedded default hands in the feed its other services use, so an offboarding stops ingestion at once.
        services.TryAddSingleton<TenantChangeFeed>();
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<AccountTenants>();
        services.AddSingleton<EventSuppressor>();
        services.AddSingleton<ListUnsubscriber>();
        services.AddSingleton<ScheduledMailConfirmer>();
        services.TryAddSingleton<TenantWebhooks>();
        services.TryAddSingleton<ListWebhookEvents>();
        services.AddSingleton<SesEventIngestor>();

        // The production intake: the platform bus's rule fills an SQS queue and this instance long-polls it. POST /ses-events
        // stays for tests and tools that post events directly.
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (!string.IsNullOrEmpty(builder.Configuration[$"{QueueOptions.SectionName}:{nameof(QueueOptions.QueueUrl)}"]))
        {
            services.AddSingleton(services => SqsClientFactory.Create(services.GetRequiredService<IOptions<QueueOptions>>().Value));
            services.AddSingleton<QueueMetrics>();
            services.AddSingleton<QueueBatchHandler>();
            services.AddHostedService<SqsEventPoller>();
        }

        return builder;
    }

    public static WebApplication MapEventIngester(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapSesEventEndpoints();
        return app;
    }
}
