using EmailList.Aws.EventBridge;
using EmailList.Aws.Tests.Ses;
using EmailList.Core.Forwarding;

namespace EmailList.Aws.Tests.EventBridge;

/// <summary>EventBridge error answers become <see cref="EventBridgeException"/>s with the kind callers act on.</summary>
public sealed class EventBridgeClientErrorMappingTests : IAsyncLifetime
{
    private ScriptedAwsServer _server = null!;
    private EventBridgeClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedAwsServer.StartAsync();
        _client = EventBridgeTestClient.Create(_server, options =>
        {
            options.MaxThrottleRetries = 0;
            options.MaxTransientRetries = 0;
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(400, "AccessDeniedException", EventBridgeErrorKind.AccessDenied)]
    [InlineData(400, "ResourceNotFoundException", EventBridgeErrorKind.NotFound)]
    [InlineData(400, "ValidationException", EventBridgeErrorKind.Invalid)]
    [InlineData(400, "InvalidEventPatternException", EventBridgeErrorKind.Invalid)]
    [InlineData(400, "ManagedRuleException", EventBridgeErrorKind.Invalid)]
    [InlineData(400, "PolicyLengthExceededException", EventBridgeErrorKind.Invalid)]
    [InlineData(400, "OperationDisabledException", EventBridgeErrorKind.Invalid)]
    [InlineData(400, "ConcurrentModificationException", EventBridgeErrorKind.Conflict)]
    [InlineData(400, "LimitExceededException", EventBridgeErrorKind.Conflict)]
    [InlineData(400, "ThrottlingException", EventBridgeErrorKind.Throttled)]
    [InlineData(400, "ExpiredTokenException", EventBridgeErrorKind.InvalidCredentials)]
    [InlineData(400, "UnrecognizedClientException", EventBridgeErrorKind.InvalidCredentials)]
    [InlineData(403, "InvalidSignatureException", EventBridgeErrorKind.InvalidCredentials)]
    [InlineData(403, "IncompleteSignature", EventBridgeErrorKind.InvalidCredentials)]
    [InlineData(403, "MissingAuthenticationTokenException", EventBridgeErrorKind.InvalidCredentials)]
    [InlineData(500, "InternalException", EventBridgeErrorKind.Unavailable)]
    [InlineData(503, "ServiceUnavailable", EventBridgeErrorKind.Unavailable)]
    [InlineData(400, "SomethingNewException", EventBridgeErrorKind.Invalid)]
    public async Task The_error_type_header_decides_the_kind(int status, string code, EventBridgeErrorKind expected)
    {
        _server.Respond(status, $$"""{"message":"EventBridge says {{code}}"}""",
            contentType: "application/x-amz-json-1.1",
            headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = $"{code}:http://internal.amazon.com/coral/com.amazon.eventbridge/" });

        var error = await Assert.ThrowsAsync<EventBridgeException>(() =>
            _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", """{"source":["aws.ses"]}"""), CancellationToken.None));

        Assert.Equal(expected, error.Kind);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal($"EventBridge says {code}", error.Message);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.events#ResourceNotFoundException","message":"Event bus emaillist-events does not exist."}""",
        "ResourceNotFoundException", EventBridgeErrorKind.NotFound, "Event bus emaillist-events does not exist.")]
    [InlineData("""{"__type":"ConcurrentModificationException","Message":"Another update is in progress."}""",
        "ConcurrentModificationException", EventBridgeErrorKind.Conflict, "Another update is in progress.")]
    [InlineData("""{"__type":"AccessDeniedException","Message":"User is not authorized to perform: events:PutPermission"}""",
        "AccessDeniedException", EventBridgeErrorKind.AccessDenied, "User is not authorized to perform: events:PutPermission")]
    public async Task Without_the_header_the_body_type_decides(string body, string code, EventBridgeErrorKind expected, string message)
    {
        _server.Respond(400, body, contentType: "application/x-amz-json-1.1");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() =>
            _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", "{}"), CancellationToken.None));

        Assert.Equal((expected, code, message), (error.Kind, error.ErrorCode, error.Message));
    }

    [Fact]
    public async Task The_header_wins_over_the_body_type()
    {
        _server.Respond(400, """{"__type":"ValidationException","message":"Rate exceeded"}""",
            headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "ThrottlingException" });

        var error = await Assert.ThrowsAsync<EventBridgeException>(() =>
            _client.PutTargetsAsync(EventBridgeTestClient.TenantSession, "r", "default", [new EventRuleTarget("t", "arn:aws:events:us-east-1:999988887777:event-bus/b")],
                CancellationToken.None));

        Assert.Equal((EventBridgeErrorKind.Throttled, "ThrottlingException"), (error.Kind, error.ErrorCode));
    }

    [Theory]
    [InlineData(502, "<html>Bad Gateway</html>", EventBridgeErrorKind.Unavailable)]
    [InlineData(429, "", EventBridgeErrorKind.Throttled)]
    [InlineData(403, "<html>Forbidden</html>", EventBridgeErrorKind.AccessDenied)]
    [InlineData(404, "", EventBridgeErrorKind.NotFound)]
    [InlineData(400, "not json", EventBridgeErrorKind.Invalid)]
    public async Task An_answer_without_an_error_code_is_classified_by_status(int status, string body, EventBridgeErrorKind expected)
    {
        _server.Respond(status, body, contentType: "text/html");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() =>
            _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", "{}"), CancellationToken.None));

        Assert.Equal(expected, error.Kind);
        Assert.Equal($"Http{status}", error.ErrorCode);
        Assert.DoesNotContain("<html>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTargetsByRule_raises_errors_other_than_not_found()
    {
        _server.Respond(400, """{"__type":"AccessDeniedException","message":"User is not authorized to perform: events:ListTargetsByRule"}""");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() =>
            _client.ListTargetsByRuleAsync(EventBridgeTestClient.TenantSession, "r", "default", CancellationToken.None));

        Assert.Equal(EventBridgeErrorKind.AccessDenied, error.Kind);
    }

    [Fact]
    public async Task A_success_answer_that_is_not_json_is_an_invalid_response()
    {
        _server.Respond(200, "<html>captive portal</html>", contentType: "text/html");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() =>
            _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", "{}"), CancellationToken.None));

        Assert.Equal((EventBridgeErrorKind.Unavailable, "InvalidResponse"), (error.Kind, error.ErrorCode));
    }
}
