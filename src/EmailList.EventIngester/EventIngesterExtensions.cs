using EmailList.EventIngester.Events;
using EmailList.EventIngester.Infrastructure;
using OpenTelemetry.Metrics;

namespace EmailList.EventIngester;

public static class EventIngesterExtensions
{
    public static WebApplicationBuilder AddEventIngester(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddIngesterInfrastructure();
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
