using EmailList.Core.Broadcasts;
using EmailList.Core.Credentials;
using EmailList.Core.Idempotency;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Sending;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Core.Templates;
using EmailList.Redis.Sending;
using EmailList.SendApi.Broadcasts;
using EmailList.SendApi.Lists;
using EmailList.SendApi.Mail;
using EmailList.SendApi.Mail.Batch;
using EmailList.SendApi.Subscriptions;
using EmailList.SendApi.Templates;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailList.SendApi;

public static class SendApiExtensions
{
    /// <summary>Everything the send API uses, chosen by configuration alone (<c>Storage:Provider</c>, a Redis connection string).</summary>
    public static WebApplicationBuilder AddSendApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddEmailListAuthentication();
        builder.DescribeApi("EmailList send API", "Sends mail through the tenant's own Amazon SES account, after its suppression list.");

        // Tenants, suppression entries, templates and scheduled mail: SQLite (the default) or DynamoDB.
        if (builder.Configuration.UsesDynamoDb())
        {
            services.AddDynamoDbStores();
        }
        else
        {
            services.AddSqliteStores();
        }

        // With Redis: credentials shared between instances (encrypted), the cached suppression lookup, idempotency keys,
        // tenant-change notices for every instance and the send-rate gate batches share with the dispatcher. Without:
        // in-process equivalents.
        if (builder.Configuration.UsesRedis())
        {
            services.AddRedisInfrastructure();
            services.AddHealthChecks().AddRedisHealthCheck();
            services.AddSingleton<ISendRateGate, RedisSendRateGate>();
        }
        else
        {
            services.AddSingleton<ISendRateGate, InProcessSendRateGate>();
            services.AddSingleton<ICredentialCache, NoCredentialCache>();
            services.AddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
            services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
            services.AddSingleton<ITenantChangePublisher, LocalTenantChangePublisher>();
        }

        // The tenant's AWS account: STS to assume its role, SES v2 to send.
        services.AddStsRoleAssumer();
        services.AddSesClient();

        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CredentialBrokerOptions>().BindConfiguration(CredentialBrokerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TemplateRendererOptions>().BindConfiguration(TemplateRendererOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendRateOptions>().BindConfiguration(SendRateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<TenantChangeFeed>(); // AddRedisInfrastructure adds it too
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantCredentialBroker>();
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailIdempotency>();
        services.AddSingleton<MailScheduler>();
        services.AddSingleton<MailSubmission>();
        services.AddSingleton<BatchSubmission>();
        services.AddSingleton<SesSendRates>();
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<TemplateCatalog>();

        // Email lists' public side: sign-up form, confirm and unsubscribe links, confirmation mail (Lists section).
        services.AddPublicLists();

        // Broadcasts: drafts, previews and test sends here; the dispatcher queues and sends them.
        services.AddSingleton<BroadcastCatalog>();
        // Lists, contacts and CSV imports (with their background import worker).
        builder.AddLists();

        // Each endpoint sets its own, smaller body limit; this is only the ceiling.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 41 * 1024 * 1024);
        return builder;
    }

    public static WebApplication MapSendApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMailEndpoints();
        app.MapBatchEndpoints();
        app.MapTemplateEndpoints();
        app.MapPublicLists();
        app.MapBroadcastEndpoints();
        app.MapLists();
        return app;
    }
}
