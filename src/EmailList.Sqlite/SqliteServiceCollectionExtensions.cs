using EmailList.Core.Broadcasts;
using EmailList.Core.Events;
using EmailList.Core.Lists;
using EmailList.Core.Scheduling;
using EmailList.Core.Suppression;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// The embedded stores: <see cref="ITenantStore"/>, <see cref="ISuppressionStore"/>, <see cref="ITemplateStore"/>, <see cref="IEventStore"/>, <see cref="IScheduledMailStore"/>, <see cref="IListStore"/>, <see cref="IContactStore"/>, <see cref="IImportStore"/>, <see cref="IWebhookStore"/> and <see cref="IWebhookDeliveryStore"/> on one
    /// SQLite file (section "Sqlite"), its schema migrated at start-up, expired events purged every
    /// <c>Sqlite:EventPurgeInterval</c> (default one hour). Earlier registrations of the ports win.
    /// </summary>
    public static IServiceCollection AddSqliteStores(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SqliteOptions>().BindConfiguration(SqliteOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteSchemaInitializer>());
        services.TryAddSingleton<ITenantStore, SqliteTenantStore>();
        services.TryAddSingleton<ISuppressionStore, SqliteSuppressionStore>();
        services.TryAddSingleton<ITemplateStore, SqliteTemplateStore>();
        services.TryAddSingleton<IScheduledMailStore, SqliteScheduledMailStore>();
        services.TryAddSingleton<IBroadcastStore, SqliteBroadcastStore>();
        services.TryAddSingleton<IListStore, SqliteListStore>();
        services.TryAddSingleton<IContactStore, SqliteContactStore>();
        services.TryAddSingleton<IImportStore, SqliteImportStore>();
        services.TryAddSingleton<IWebhookStore, SqliteWebhookStore>();
        services.TryAddSingleton<IWebhookDeliveryStore, SqliteWebhookDeliveryStore>();
        services.TryAddSingleton<SqliteEventStore>();
        services.TryAddSingleton<IEventStore>(provider => provider.GetRequiredService<SqliteEventStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteEventPurgeService>());
        return services;
    }
}
