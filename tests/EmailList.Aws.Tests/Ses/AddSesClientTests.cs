using EmailList.Core.Ses;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.Ses;

/// <summary>The DI registration: configuration binding, validation at start, and no second retry layer.</summary>
public sealed class AddSesClientTests : IAsyncLifetime
{
    private ScriptedAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedAwsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_registered_client_uses_the_configured_service_url()
    {
        using var host = BuildHost(new() { ["Ses:ServiceUrl"] = _server.BaseAddress.ToString() });
        await host.StartAsync();
        _server.Respond(200, """{"MessageId":"via-di"}""");

        var client = host.Services.GetRequiredService<ISesClient>();
        var messageId = await client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None);

        Assert.Equal("via-di", messageId);
        Assert.Single(_server.Requests);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_resilience_handler_added_for_all_http_clients_does_not_resend_SES_requests()
    {
        using var host = BuildHost(
            new() { ["Ses:ServiceUrl"] = _server.BaseAddress.ToString(), ["Ses:MaxTransientRetries"] = "0" },
            services => services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler()));
        await host.StartAsync();
        _server.RespondAlways(503, """{"message":"Service unavailable"}""");

        var client = host.Services.GetRequiredService<ISesClient>();
        await Assert.ThrowsAsync<SesException>(() => client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Single(_server.Requests);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_redirect_from_SES_is_not_followed_with_the_signed_request()
    {
        using var host = BuildHost(new() { ["Ses:ServiceUrl"] = _server.BaseAddress.ToString(), ["Ses:MaxTransientRetries"] = "0" });
        await host.StartAsync();
        _server.Respond(307, null, headers: new Dictionary<string, string> { ["Location"] = new Uri(_server.BaseAddress, "/elsewhere").ToString() });

        var client = host.Services.GetRequiredService<ISesClient>();
        await Assert.ThrowsAsync<SesException>(() => client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.DoesNotContain(_server.Requests, r => r.Path.Contains("elsewhere", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public void Connections_to_SES_are_renewed_so_they_follow_the_endpoints_DNS()
    {
        using var host = BuildHost(new() { ["Ses:ServiceUrl"] = _server.BaseAddress.ToString() });

        var handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(nameof(ISesClient));
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Equal(AwsServiceCollectionExtensions.ConnectionLifetime, sockets.PooledConnectionLifetime);
        Assert.InRange(sockets.PooledConnectionLifetime, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
    }

    [Theory]
    [InlineData("Ses:MaxThrottleRetries", "99")]
    [InlineData("Ses:AttemptTimeout", "00:00:00")]
    [InlineData("Ses:ServiceUrl", "/relative")]
    public async Task Invalid_options_stop_the_host_from_starting(string key, string value)
    {
        using var host = BuildHost(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key.Split(':')[1], string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder.Services);
        builder.Services.AddSesClient();
        return builder.Build();
    }
}
