using System.Globalization;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every EmailList service shares: telemetry, health, resilience, service discovery, ProblemDetails, OpenAPI.</summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string RuntimeDiagnosticsPath = "/_diagnostics/runtime";

    /// <summary>Set to true (benchmarks only) to expose the process's allocation, GC and CPU counters at /_diagnostics/runtime.</summary>
    public const string RuntimeDiagnosticsSetting = "Diagnostics:RuntimeEndpoint";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
            {
                context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
                FrameworkProblemDetails.AddMissingDetail(context);
            });
        builder.Services.TryAddTimeProvider();
        builder.AddEmailListOpenApi();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Without an exporter nobody reads the traces and metrics, and collecting them costs the hot path
        // measurable CPU (docs/benchmarks.md); Aspire and production deployments set the endpoint.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("EmailList.*")) // our own meters, such as the dispatcher's (EmailList.Dispatcher)
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// The middleware every service runs, in order: unhandled exceptions and bare status codes as ProblemDetails, then,
    /// in a service that added authentication (<c>AddEmailListAuthentication</c>), authentication and authorization.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A request body Kestrel finds malformed while the app reads it (bad chunking, a body that ends early) is
        // the client's error: its own status (400, 413...) rather than 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        // The sandbox and the ingester (API key) have no bearer authentication; the middleware would throw without its services.
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        return app;
    }

    /// <summary>/health (readiness: every check, degraded still answers 200), /alive (liveness) and the OpenAPI document.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        app.MapEmailListOpenApi();
        if (app.Configuration.GetValue<bool>(RuntimeDiagnosticsSetting))
        {
            // Read by bench/ to count what a request costs this process, free of the load generator's own costs.
            app.MapGet(RuntimeDiagnosticsPath, () =>
            {
                var last = GC.GetGCMemoryInfo(GCKind.Ephemeral);
                return TypedResults.Text(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"allocatedBytes\":{GC.GetTotalAllocatedBytes(precise: true)},\"cpuMilliseconds\":{Environment.CpuUsage.TotalTime.TotalMilliseconds:F3},\"gen0\":{GC.CollectionCount(0)},\"gen1\":{GC.CollectionCount(1)},\"gen2\":{GC.CollectionCount(2)},\"pauseMilliseconds\":{GC.GetTotalPauseDuration().TotalMilliseconds:F3},\"lastEphemeral\":{{\"generation\":{last.Generation},\"promotedBytes\":{last.PromotedBytes},\"heapSizeBytes\":{last.HeapSizeBytes},\"pauseMilliseconds\":{last.PauseDurations[0].TotalMilliseconds:F3}}}}}"),
                    "application/json");
            });
        }

        return app;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
