using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.Events;
using EmailList.Sandbox.Oidc;
using EmailList.Sandbox.Ses;
using EmailList.Sandbox.State;
using EmailList.Sandbox.Sts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EmailList.Sandbox;

public static class SandboxExtensions
{
    /// <summary>Registers the sandbox's in-memory world, SigV4 verifier and SES event publisher, with options from section "Sandbox" (events: "Sandbox:Events").</summary>
    public static TBuilder AddSandbox<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SandboxWorld>();
        builder.Services.TryAddSingleton<SigV4Verifier>();
        builder.Services.AddHttpClient(SesEventPublisher.HttpClientName);
        builder.Services.AddSingleton<SesEventPublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SesEventPublisher>());
        builder.AddSandboxOidc();
        return builder;
    }

    /// <summary>Maps STS and EventBridge (<c>POST /</c>), SES v2 (<c>/v2/email/...</c>) the admin API (<c>/_sandbox/...</c>) and, when enabled, an OpenID Connect provider (<c>/oidc/...</c>) at the root of the host.</summary>
    public static TEndpoints MapSandbox<TEndpoints>(this TEndpoints endpoints) where TEndpoints : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapStsAndEventBridge();
        endpoints.MapSes();
        endpoints.MapSandboxAdmin();
        endpoints.MapSandboxOidc();
        return endpoints;
    }
}
