using System.Net;
using System.Net.Sockets;
using EmailList.Aws.EventBridge;
using EmailList.Aws.Tests.Ses;
using EmailList.Core.Forwarding;

namespace EmailList.Aws.Tests.EventBridge;

/// <summary>Retries for throttling, 5xx answers, timeouts and connection failures on every operation; none for refusals.</summary>
public sealed class EventBridgeClientResilienceTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Throttled = new() { ["x-amzn-ErrorType"] = "ThrottlingException" };

    private ScriptedAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedAwsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Operations => ["ListTargetsByRule", "PutRule", "PutTargets"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Throttled_calls_are_retried_until_EventBridge_accepts(string operation)
    {
        var client = EventBridgeTestClient.Create(_server);
        _server.Respond(400, """{"message":"Rate exceeded"}""", headers: Throttled)
            .Respond(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            .Respond(200, SuccessBody(operation));

        await CallAsync(client, operation);

        Assert.Equal(3, _server.Requests.Count);
        Assert.All(_server.Requests, request => Assert.Equal("AWSEvents." + operation, request.Header("X-Amz-Target")));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Server_errors_are_retried(string operation)
    {
        var client = EventBridgeTestClient.Create(_server);
        _server.Respond(500, """{"__type":"InternalException","message":"Internal error"}""")
            .Respond(503, "<html>Service Unavailable</html>", contentType: "text/html")
            .Respond(200, SuccessBody(operation));

        await CallAsync(client, operation);

        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Throttling_that_never_ends_gives_up_after_the_configured_retries()
    {
        var client = EventBridgeTestClient.Create(_server, options => options.MaxThrottleRetries = 2);
        _server.RespondAlways(400, """{"message":"Rate exceeded"}""", headers: Throttled);

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => CallAsync(client, "PutRule"));

        Assert.Equal(EventBridgeErrorKind.Throttled, error.Kind);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times()
    {
        var client = EventBridgeTestClient.Create(_server, options => options.MaxTransientRetries = 2);
        _server.RespondAlways(500, """{"__type":"InternalException","message":"Internal error"}""");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => CallAsync(client, "PutRule"));

        Assert.Equal((EventBridgeErrorKind.Unavailable, "InternalException"), (error.Kind, error.ErrorCode));
        Assert.Equal(3, _server.Requests.Count);
    }

    [Theory]
    [InlineData("AccessDeniedException", EventBridgeErrorKind.AccessDenied)]
    [InlineData("ValidationException", EventBridgeErrorKind.Invalid)]
    [InlineData("ConcurrentModificationException", EventBridgeErrorKind.Conflict)]
    [InlineData("ExpiredTokenException", EventBridgeErrorKind.InvalidCredentials)]
    [InlineData("ResourceNotFoundException", EventBridgeErrorKind.NotFound)]
    public async Task Client_errors_are_not_retried(string code, EventBridgeErrorKind kind)
    {
        var client = EventBridgeTestClient.Create(_server);
        _server.RespondAlways(400, $$"""{"__type":"{{code}}","message":"no"}""");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => CallAsync(client, "PutTargets"));

        Assert.Equal(kind, error.Kind);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_call_that_times_out_is_retried()
    {
        var client = EventBridgeTestClient.Create(_server, options => options.AttemptTimeout = TimeSpan.FromSeconds(1));
        _server.Respond(200, "{}", delay: TimeSpan.FromSeconds(30))
            .Respond(200, """{"RuleArn":"arn:aws:events:eu-west-1:111122223333:rule/r"}""");

        var arn = await client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", "{}"), CancellationToken.None);

        Assert.Equal("arn:aws:events:eu-west-1:111122223333:rule/r", arn);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_call_that_keeps_timing_out_fails_as_unavailable_after_the_retries()
    {
        var client = EventBridgeTestClient.Create(_server, options =>
        {
            options.AttemptTimeout = TimeSpan.FromSeconds(1);
            options.MaxTransientRetries = 1;
        });
        _server.RespondAlways(200, "{}", delay: TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => CallAsync(client, "PutRule"));

        Assert.Equal((EventBridgeErrorKind.Unavailable, "RequestTimeout"), (error.Kind, error.ErrorCode));
        Assert.Equal(2, (await _server.WaitForRequestsAsync(2)).Count);
    }

    [Fact]
    public async Task A_refused_connection_is_unavailable_after_retries()
    {
        var closedPort = ClosedPort();
        var client = EventBridgeTestClient.Create(_server, options => options.ServiceUrl = new Uri($"http://127.0.0.1:{closedPort}"));

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => CallAsync(client, "ListTargetsByRule"));

        Assert.Equal((EventBridgeErrorKind.Unavailable, "ConnectionFailure"), (error.Kind, error.ErrorCode));
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_an_EventBridge_error()
    {
        var client = EventBridgeTestClient.Create(_server);
        _server.RespondAlways(200, "{}", delay: TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", "{}"), cancellation.Token));

        Assert.Single(await _server.WaitForRequestsAsync(1));
    }

    private static string SuccessBody(string operation) => operation switch
    {
        "PutRule" => """{"RuleArn":"arn:aws:events:eu-west-1:111122223333:rule/r"}""",
        "PutTargets" => """{"FailedEntryCount":0,"FailedEntries":[]}""",
        _ => "{}",
    };

    private static async Task CallAsync(EventBridgeClient client, string operation)
    {
        switch (operation)
        {
            case "ListTargetsByRule":
                Assert.NotNull(await client.ListTargetsByRuleAsync(EventBridgeTestClient.TenantSession, "r", "default", CancellationToken.None));
                break;
            case "PutRule":
                await client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", """{"source":["aws.ses"]}"""), CancellationToken.None);
                break;
            case "PutTargets":
                await client.PutTargetsAsync(EventBridgeTestClient.TenantSession, "r", "default",
                    [new EventRuleTarget("platform-bus", "arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events")], CancellationToken.None);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
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
