using EmailList.Core.Events;
using EmailList.Core.Onboarding;
using EmailList.QueryApi.Events;
using EmailList.QueryApi.Http;
using EmailList.QueryApi.Infrastructure;
using EmailList.QueryApi.Messages;
using EmailList.QueryApi.Stats;
using EmailList.QueryApi.Suppression;
using EmailList.QueryApi.Tenants;
using EmailList.QueryApi.Verify;
using EmailList.ServiceDefaults.Auth;

namespace EmailList.QueryApi;

public static class QueryApiExtensions
{
    /// <summary>
    /// The query API's services. In a host that already added the send API, the shared parts (authentication,
    /// stores, AWS clients) are not added twice.
    /// </summary>
    public static WebApplicationBuilder AddQueryApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(TenantClaims)))
        {
            builder.AddEmailListAuthentication();
        }

        builder.AddQueryInfrastructure();
        builder.DescribeApi("EmailList query API",
            "A tenant's SES events, message timelines and statistics, its suppression list, and tenant onboarding.");
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CursorSigner>();
        services.AddSingleton<SuppressionSync>();
        services.AddOptions<OnboardingOptions>().BindConfiguration(OnboardingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddEventBridgeClient();
        services.AddSingleton<TenantOnboarding>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, QueryApiJsonContext.Default));
        return builder;
    }

    /// <summary>Authentication, authorization and the endpoints.</summary>
    public static WebApplication MapQueryApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapQueryApiEndpoints();
        return app;
    }

    /// <summary>The endpoints alone, for a host whose pipeline already authenticates (e.g. one that also maps the send API).</summary>
    public static IEndpointRouteBuilder MapQueryApiEndpoints(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _ = routes.ServiceProvider.GetService<IEventStore>()
            ?? throw new InvalidOperationException("No IEventStore is registered: AddSqliteStores()/AddDynamoDbStores() must provide one.");
        routes.MapEventEndpoints();
        routes.MapMessageEndpoints();
        routes.MapStatsEndpoints();
        routes.MapSuppressionEndpoints();
        routes.MapVerifyStsEndpoints();
        routes.MapTenantEndpoints();
        return routes;
    }
}
