using EmailList.Core.Broadcasts;
using EmailList.Core.Credentials;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Sending;
using EmailList.Core.Suppression;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.Dispatcher.Webhooks;
using EmailList.Redis.Sending;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailList.Dispatcher;

public static class DispatcherExtensions
{
    /// <summary>
    /// Everything the dispatcher uses, chosen by configuration alone as the send API's (<c>Storage:Provider</c>, a Redis
    /// connection string): the scheduled-mail store, the send path, the send-rate gate (shared through Redis when
    /// configured, so every instance together stays within each tenant's SES MaxSendRate), and webhook delivery.
    /// </summary>
    public static WebApplicationBuilder AddDispatcher(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Scheduled mail, tenants and suppression entries: SQLite (the default) or DynamoDB.
        if (builder.Configuration.UsesDynamoDb())
        {
            services.AddDynamoDbStores();
        }
        else
        {
            services.AddSqliteStores();
        }

        // With Redis: shared credentials, the cached suppression lookup, tenant-change notices and the send-rate
        // buckets. Without: in-process equivalents (one process sends for everyone).
        if (builder.Configuration.UsesRedis())
        {
            services.AddRedisInfrastructure();
            services.AddHealthChecks().AddRedisHealthCheck();
            services.AddSingleton<ISendRateGate, RedisSendRateGate>();
        }
        else
        {
            services.AddSingleton<ICredentialCache, NoCredentialCache>();
            services.AddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
            services.AddSingleton<ITenantChangePublisher, LocalTenantChangePublisher>();
            services.AddSingleton<ISendRateGate, InProcessSendRateGate>();
        }

        // The tenant's AWS account: STS to assume its role, SES v2 to send and to read its send rate.
        services.AddStsRoleAssumer();
        services.AddSesClient();

        services.AddOptions<DispatcherOptions>().BindConfiguration(DispatcherOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendRateOptions>().BindConfiguration(SendRateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CredentialBrokerOptions>().BindConfiguration(CredentialBrokerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<TenantChangeFeed>(); // AddRedisInfrastructure adds it too
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantCredentialBroker>();
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<SesSendRates>();
        services.AddSingleton<DispatcherMetrics>();
        services.AddSingleton<ScheduledMailDispatcher>();
        services.AddHostedService<DispatcherService>();

        // Webhooks: deliveries claimed from the outbox the ingester and the APIs write, signed (Standard Webhooks) and POSTed
        // through a transport that checks every address it connects to (Webhooks:AllowPrivateTargets).
        services.AddOptions<WebhookTargetOptions>().BindConfiguration(WebhookTargetOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookDeliveryOptions>().BindConfiguration(WebhookDeliveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookTargetGuard>();
        services.AddSingleton<WebhookTransport>();
        services.AddSingleton<WebhookDeliveryMetrics>();
        services.AddSingleton<WebhookDeliverer>();
        services.AddHostedService<WebhookDeliveryWorker>();

        // Broadcasts: composed per contact at send time (unsubscribe links signed with Lists:TokenKey), their recipients
        // queued by the expander. Without a Lists section this instance sends no broadcast mail: it gives it back.
        if (builder.Configuration.GetSection(ListOptions.SectionName).Exists())
        {
            services.AddOptions<ListOptions>().BindConfiguration(ListOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddOptions<TemplateRendererOptions>().BindConfiguration(TemplateRendererOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton<TemplateRenderer>();
            services.AddSingleton<ListMailRenderer>();
            services.AddSingleton<ListTokenSigner>();
            services.AddSingleton<IBroadcastMailComposer, BroadcastMailComposer>();
            services.AddSingleton<BroadcastGuard>();
            services.AddSingleton<BroadcastExpander>();
            services.AddHostedService<BroadcastExpanderService>();
        }

        return builder;
    }
}
