using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;

using EmailList.Aws.EventBridge;
using EmailList.Aws.Ses;
using EmailList.Aws.Sts;
using EmailList.Core.Credentials;
using EmailList.Core.Forwarding;
using EmailList.Core.Ses;

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class AwsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ISesClient"/> (<see cref="SesV2Client"/>) with options from section "Ses".</summary>
    public static IServiceCollection AddSesClient(this IServiceCollection services)
    {
        services.AddOptions<SesOptions>().BindConfiguration(SesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The client has its own pipeline that knows SendEmail must not be resent; a resilience handler
        // added for all HttpClients (ConfigureHttpClientDefaults) would resend it. Experimental API, hence the pragma.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<ISesClient, SesV2Client>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .ForAwsApi();
#pragma warning restore EXTEXP0001
        return services;
    }

    /// <summary>
    /// Registers <see cref="IEventBridgeClient"/> (<see cref="EventBridgeClient"/>) with options from section "EventBridge",
    /// validated at start-up.
    /// </summary>
    public static IServiceCollection AddEventBridgeClient(this IServiceCollection services)
    {
        services.AddOptions<EventBridgeOptions>().BindConfiguration(EventBridgeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The client retries with its own pipeline and re-signs each attempt; a handler added for all HttpClients
        // would multiply the retries and replay stale signatures. Experimental API, hence the pragma.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<IEventBridgeClient, EventBridgeClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .ForAwsApi();
#pragma warning restore EXTEXP0001
        return services;
    }

    /// <summary>
    /// How long a connection to an AWS endpoint is reused. The clients live as long as the singletons holding them, so the
    /// factory's handler rotation never applies: without a limit a connection would outlive the endpoint's DNS records
    /// (about a minute) for the life of the process.
    /// </summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(1);

    // An AWS API never redirects a signed request, and the clients log their own failures: the factory's
    // per-request logging scopes cost allocations on every send for lines that are filtered out anyway.
    private static IHttpClientBuilder ForAwsApi(this IHttpClientBuilder builder) =>
        builder.RemoveAllLoggers().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = ConnectionLifetime,
        });

    /// <summary>Registers <see cref="IRoleAssumer"/> (<see cref="StsRoleAssumer"/>) and an STS client with options from section "Sts".</summary>
    public static IServiceCollection AddStsRoleAssumer(this IServiceCollection services)
    {
        services.AddOptions<StsOptions>().BindConfiguration(StsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IAmazonSecurityTokenService>(provider =>
            CreateStsClient(provider.GetRequiredService<IOptions<StsOptions>>().Value));
        services.TryAddSingleton<IRoleAssumer, StsRoleAssumer>();
        return services;
    }

    private static AmazonSecurityTokenServiceClient CreateStsClient(StsOptions options)
    {
        var config = new AmazonSecurityTokenServiceConfig { Timeout = options.Timeout };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.AbsoluteUri;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonSecurityTokenServiceClient(config)
            : new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }
}
