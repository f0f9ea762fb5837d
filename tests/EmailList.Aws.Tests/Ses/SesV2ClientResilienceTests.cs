using System.Net;
using System.Net.Sockets;

using EmailList.Aws.Ses;
using EmailList.Core.Ses;

namespace EmailList.Aws.Tests.Ses;

/// <summary>Retries for throttling and transient failures, and the one thing never retried: a SendEmail that may have gone out.</summary>
public sealed class SesV2ClientResilienceTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Throttled = new() { ["x-amzn-ErrorType"] = "TooManyRequestsException" };
    private static readonly Dictionary<string, string> Internal = new() { ["x-amzn-ErrorType"] = "InternalFailure" };

    private ScriptedAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedAwsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Throttled_sends_are_retried_until_SES_accepts()
    {
        var client = SesTestClient.Create(_server);
        _server.Respond(429, """{"message":"Maximum sending rate exceeded."}""", headers: Throttled)
            .Respond(429, """{"message":"Maximum sending rate exceeded."}""", headers: Throttled)
            .Respond(200, """{"MessageId":"m-after-throttling"}""");

        var messageId = await client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None);

        Assert.Equal("m-after-throttling", messageId);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Throttling_that_never_ends_gives_up_after_the_configured_retries()
    {
        var client = SesTestClient.Create(_server, options => options.MaxThrottleRetries = 2);
        _server.RespondAlways(429, """{"message":"Maximum sending rate exceeded."}""",
            headers: new Dictionary<string, string>(Throttled) { ["Retry-After"] = "3" });

        var error = await Assert.ThrowsAsync<SesException>(() => client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Equal(SesErrorKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times()
    {
        var client = SesTestClient.Create(_server, options => options.MaxTransientRetries = 2);
        _server.RespondAlways(500, """{"message":"Internal failure"}""", headers: Internal);

        var error = await Assert.ThrowsAsync<SesException>(() => client.GetAccountAsync(SesTestClient.Session, CancellationToken.None));

        Assert.Equal(SesErrorKind.Unavailable, error.Kind);
        Assert.Equal("InternalFailure", error.ErrorCode);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_server_error_followed_by_success_succeeds()
    {
        var client = SesTestClient.Create(_server);
        _server.Respond(503, """{"message":"Service unavailable"}""").Respond(200, """{"MessageId":"m-2"}""");

        var messageId = await client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None);

        Assert.Equal("m-2", messageId);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var client = SesTestClient.Create(_server);
        _server.RespondAlways(400, """{"message":"Illegal address"}""", headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "BadRequestException" });

        await Assert.ThrowsAsync<SesException>(() => client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_send_that_times_out_is_not_retried_because_SES_may_have_sent_it()
    {
        var client = SesTestClient.Create(_server, options => options.AttemptTimeout = TimeSpan.FromSeconds(1));
        _server.RespondAlways(200, """{"MessageId":"too-late"}""", delay: TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<SesException>(() => client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Equal(SesErrorKind.Unavailable, error.Kind);
        Assert.Equal("RequestTimeout", error.ErrorCode);
        Assert.Single(await _server.WaitForRequestsAsync(1));
    }

    [Fact]
    public async Task A_read_that_times_out_is_retried()
    {
        var client = SesTestClient.Create(_server, options => options.AttemptTimeout = TimeSpan.FromSeconds(1));
        _server.Respond(200, "{}", delay: TimeSpan.FromSeconds(30))
            .Respond(200, """{"SendingEnabled":true,"ProductionAccessEnabled":true,"SendQuota":{"Max24HourSend":50000,"MaxSendRate":14,"SentLast24Hours":0}}""");

        var account = await client.GetAccountAsync(SesTestClient.Session, CancellationToken.None);

        Assert.Equal(14, account.MaxSendRate);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_read_that_keeps_timing_out_fails_as_unavailable_after_the_retries()
    {
        var client = SesTestClient.Create(_server, options =>
        {
            options.AttemptTimeout = TimeSpan.FromSeconds(1);
            options.MaxTransientRetries = 1;
        });
        _server.RespondAlways(200, "{}", delay: TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<SesException>(() => client.ListSuppressedDestinationsAsync(SesTestClient.Session, null, 10, CancellationToken.None));

        Assert.Equal((SesErrorKind.Unavailable, "RequestTimeout"), (error.Kind, error.ErrorCode));
        Assert.Equal(2, (await _server.WaitForRequestsAsync(2)).Count);
    }

    [Fact]
    public async Task A_refused_connection_is_unavailable_after_retries()
    {
        var closedPort = ClosedPort();
        var client = SesTestClient.Create(_server, options => options.ServiceUrl = new Uri($"http://127.0.0.1:{closedPort}"));

        var error = await Assert.ThrowsAsync<SesException>(() => client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Equal((SesErrorKind.Unavailable, "ConnectionFailure"), (error.Kind, error.ErrorCode));
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_an_SES_error()
    {
        var client = SesTestClient.Create(_server);
        _server.RespondAlways(200, "{}", delay: TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAccountAsync(SesTestClient.Session, cancellation.Token));

        Assert.Single(await _server.WaitForRequestsAsync(1));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
