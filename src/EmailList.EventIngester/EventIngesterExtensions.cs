using EmailList.EventIngester.Events;
using EmailList.EventIngester.Http;
using EmailList.EventIngester.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using OpenTelemetry.Metrics;

namespace EmailList.EventIngester;

public static class EventIngesterExtensions
{
    public static WebApplicationBuilder AddEventIngester(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddIngesterInfrastructure();
        builder.DescribeApi("EmailList event ingester", "Receives the tenants' SES events from the platform's EventBridge API destination.");
        builder.Services.Configure<OpenApiOptions>(OpenApiExtensions.DocumentName, o => o.AddDocumentTransformer<IngestKeySecurityTransformer>());
        var services = builder.Services;
        services.AddOptions<IngesterOptions>().BindConfiguration(IngesterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(IngesterMetrics.MeterName));
        services.AddSingleton<IngesterMetrics>();
        services.AddSingleton<AccountTenants>();
        services.AddSingleton<EventSuppressor>();
        services.AddSingleton<SesEventIngestor>();
        return builder;
    }

    public static WebApplication MapEventIngester(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapSesEventEndpoints();
        return app;
    }
}
