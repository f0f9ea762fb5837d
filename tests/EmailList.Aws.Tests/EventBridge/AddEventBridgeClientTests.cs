using EmailList.Aws.Tests.Ses;
using EmailList.Core.Forwarding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.EventBridge;

/// <summary>The DI registration: configuration binding, validation at start, and no second retry layer.</summary>
public sealed class AddEventBridgeClientTests : IAsyncLifetime
{
    private ScriptedAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedAwsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_registered_client_uses_the_configured_url_and_signs_with_the_tenants_session_in_its_region()
    {
        using var host = BuildHost(new()
        {
            ["EventBridge:ServiceUrl"] = _server.BaseAddress.ToString(),
            ["EventBridge:Region"] = "eu-central-1",
            ["EventBridge:AccessKeyId"] = "AKIACONFIGURED",
            ["EventBridge:SecretAccessKey"] = "configured-secret",
        });
        await host.StartAsync();
        _server.Respond(200, "{}");

        var client = host.Services.GetRequiredService<IEventBridgeClient>();
        await client.ListTargetsByRuleAsync(EventBridgeTestClient.TenantSession, "r", "default", CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Contains($"Credential={EventBridgeTestClient.TenantSession.Credentials.AccessKeyId}/", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains($"/{EventBridgeTestClient.TenantSession.Region}/events/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_resilience_handler_added_for_all_http_clients_does_not_resend_EventBridge_requests()
    {
        using var host = BuildHost(
            new()
            {
                ["EventBridge:ServiceUrl"] = _server.BaseAddress.ToString(),
                ["EventBridge:AccessKeyId"] = "AKIACONFIGURED",
                ["EventBridge:SecretAccessKey"] = "configured-secret",
                ["EventBridge:MaxTransientRetries"] = "0",
            },
            services => services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler()));
        await host.StartAsync();
        _server.RespondAlways(503, """{"message":"Service unavailable"}""");

        var client = host.Services.GetRequiredService<IEventBridgeClient>();
        await Assert.ThrowsAsync<EventBridgeException>(() =>
            client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", "{}"), CancellationToken.None));

        Assert.Single(_server.Requests);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("EventBridge:Region", "mars-1", "Region")]
    [InlineData("EventBridge:Timeout", "00:00:00", "Timeout")]
    [InlineData("EventBridge:AttemptTimeout", "00:00:00", "AttemptTimeout")]
    [InlineData("EventBridge:MaxThrottleRetries", "99", "MaxThrottleRetries")]
    [InlineData("EventBridge:MaxTransientRetries", "-1", "MaxTransientRetries")]
    [InlineData("EventBridge:ServiceUrl", "/relative", "ServiceUrl")]
    [InlineData("EventBridge:AccessKeyId", "AKIAWITHOUTSECRET", "SecretAccessKey")]
    public async Task Invalid_options_stop_the_host_from_starting(string key, string value, string named)
    {
        using var host = BuildHost(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_are_valid_without_any_configuration()
    {
        using var host = BuildHost([]);

        await host.StartAsync();

        Assert.NotNull(host.Services.GetRequiredService<IEventBridgeClient>());
        await host.StopAsync();
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder.Services);
        builder.Services.AddEventBridgeClient();
        return builder.Build();
    }
}
