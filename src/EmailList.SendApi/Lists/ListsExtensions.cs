using EmailList.Core.Lists;
using EmailList.SendApi.Contacts;
using EmailList.SendApi.Imports;
using Microsoft.Extensions.DependencyInjection.Extensions;
using EmailList.Core.Webhooks;

namespace EmailList.SendApi.Lists;

public static class ListsExtensions
{
    /// <summary>
    /// Lists, contacts and CSV imports: their options, services and the background import worker. The stores
    /// (<see cref="IListStore"/>, <see cref="IContactStore"/>, <see cref="IImportStore"/>) come with the send API's
    /// store, and <see cref="IConfirmationMailer"/> with the lists' public side.
    /// </summary>
    public static WebApplicationBuilder AddLists(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ListOptions>().BindConfiguration(ListOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ListCatalog>();
        services.AddSingleton<ContactEnrollment>();
        // List events for the tenant's webhooks, queued after each subscription change (the stores come with the send API's store).
        services.TryAddSingleton<TenantWebhooks>();
        services.TryAddSingleton<ListWebhookEvents>();
        services.AddSingleton<ImportSignal>();
        services.AddSingleton<ImportUpload>();
        services.AddSingleton<ImportProcessor>();
        services.AddHostedService<ImportWorker>();
        return builder;
    }

    public static WebApplication MapLists(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapListEndpoints();
        app.MapContactEndpoints();
        app.MapImportEndpoints();
        return app;
    }
}
