using EmailList.Aws.Ses;
using EmailList.Core.Ses;

namespace EmailList.Aws.Tests.Ses;

/// <summary>SES error answers become <see cref="SesException"/>s with the kind callers act on.</summary>
public sealed class SesV2ClientErrorMappingTests : IAsyncLifetime
{
    private ScriptedAwsServer _server = null!;
    private SesV2Client _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedAwsServer.StartAsync();
        _client = SesTestClient.Create(_server, options =>
        {
            options.MaxThrottleRetries = 0;
            options.MaxTransientRetries = 0;
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(400, "MessageRejected", SesErrorKind.MessageRejected)]
    [InlineData(400, "MailFromDomainNotVerifiedException", SesErrorKind.IdentityNotVerified)]
    [InlineData(400, "SendingPausedException", SesErrorKind.SendingPaused)]
    [InlineData(400, "AccountSuspendedException", SesErrorKind.AccountSuspended)]
    [InlineData(429, "TooManyRequestsException", SesErrorKind.Throttled)]
    [InlineData(400, "Throttling", SesErrorKind.Throttled)]
    [InlineData(400, "ThrottlingException", SesErrorKind.Throttled)]
    [InlineData(400, "LimitExceededException", SesErrorKind.QuotaExceeded)]
    [InlineData(404, "NotFoundException", SesErrorKind.NotFound)]
    [InlineData(400, "AlreadyExistsException", SesErrorKind.AlreadyExists)]
    [InlineData(400, "BadRequestException", SesErrorKind.BadRequest)]
    [InlineData(400, "ValidationException", SesErrorKind.BadRequest)]
    [InlineData(403, "AccessDeniedException", SesErrorKind.AccessDenied)]
    [InlineData(403, "ExpiredTokenException", SesErrorKind.InvalidCredentials)]
    [InlineData(403, "UnrecognizedClientException", SesErrorKind.InvalidCredentials)]
    [InlineData(403, "InvalidSignatureException", SesErrorKind.InvalidCredentials)]
    [InlineData(400, "IncompleteSignature", SesErrorKind.InvalidCredentials)]
    [InlineData(500, "InternalFailure", SesErrorKind.Unavailable)]
    [InlineData(503, "ServiceUnavailable", SesErrorKind.Unavailable)]
    public async Task The_error_type_header_decides_the_kind(int status, string code, SesErrorKind expected)
    {
        _server.Respond(status, $$"""{"message":"SES says {{code}}"}""",
            headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = $"{code}:http://internal.amazon.com/coral/com.amazonaws.sesv2/" });

        var error = await Assert.ThrowsAsync<SesException>(() => _client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Equal(expected, error.Kind);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal($"SES says {code}", error.Message);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.sesv2#NotFoundException","Message":"Configuration set does not exist."}""", "NotFoundException", SesErrorKind.NotFound)]
    [InlineData("""{"code":"SendingPausedException","message":"Sending is paused for this account."}""", "SendingPausedException", SesErrorKind.SendingPaused)]
    public async Task Without_the_header_the_body_type_or_code_decides(string body, string code, SesErrorKind expected)
    {
        _server.Respond(400, body);

        var error = await Assert.ThrowsAsync<SesException>(() => _client.GetAccountAsync(SesTestClient.Session, CancellationToken.None));

        Assert.Equal((expected, code), (error.Kind, error.ErrorCode));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.DoesNotContain("{", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_rejected_for_an_unverified_address_is_an_identity_problem()
    {
        _server.Respond(400,
            """{"message":"Email address is not verified. The following identities failed the check in region EU-WEST-1: sender@example.com"}""",
            headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "MessageRejected" });

        var error = await Assert.ThrowsAsync<SesException>(() => _client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Equal(SesErrorKind.IdentityNotVerified, error.Kind);
        Assert.Equal("MessageRejected", error.ErrorCode);
        Assert.Contains("sender@example.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_gateway_error_is_classified_by_status()
    {
        _server.Respond(502, "<html>Bad Gateway</html>", contentType: "text/html");

        var error = await Assert.ThrowsAsync<SesException>(() => _client.GetAccountAsync(SesTestClient.Session, CancellationToken.None));

        Assert.Equal(SesErrorKind.Unavailable, error.Kind);
        Assert.Equal("Http502", error.ErrorCode);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Throttling_carries_the_retry_after_header_as_a_suggestion()
    {
        _server.Respond(429, """{"message":"Maximum sending rate exceeded."}""",
            headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "TooManyRequestsException", ["Retry-After"] = "7" });

        var error = await Assert.ThrowsAsync<SesException>(() => _client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Equal(SesErrorKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task Throttling_without_retry_after_still_suggests_a_wait()
    {
        _server.Respond(429, """{"message":"Rate exceeded"}""", headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "TooManyRequestsException" });

        var error = await Assert.ThrowsAsync<SesException>(() => _client.GetAccountAsync(SesTestClient.Session, CancellationToken.None));

        Assert.Equal(SesErrorKind.Throttled, error.Kind);
        Assert.NotNull(error.RetryAfter);
        Assert.True(error.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task Errors_of_other_kinds_suggest_no_retry_after()
    {
        _server.Respond(400, """{"message":"Illegal address"}""", headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "BadRequestException" });

        var error = await Assert.ThrowsAsync<SesException>(() => _client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None));

        Assert.Null(error.RetryAfter);
        Assert.False(error.IsRetryable);
    }
}
