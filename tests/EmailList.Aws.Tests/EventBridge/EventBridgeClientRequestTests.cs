using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EmailList.Aws.EventBridge;
using EmailList.Aws.Tests.Ses;
using EmailList.Core.Forwarding;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.EventBridge;

/// <summary>What goes over the wire for each EventBridge operation (awsJson1_1), who signs it, and how answers are read.</summary>
public sealed class EventBridgeClientRequestTests : IAsyncLifetime
{
    private const string PlatformBus = "emaillist-events";
    private const string TenantAccount = "111122223333";

    private ScriptedAwsServer _server = null!;
    private EventBridgeClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedAwsServer.StartAsync();
        _client = EventBridgeTestClient.Create(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListTargetsByRule_reads_every_page_of_the_rules_targets_with_the_tenants_session()
    {
        _server.Respond(200, """{"Targets":[{"Id":"a","Arn":"arn:aws:events:us-east-1:111111111111:event-bus/emaillist","RoleArn":"arn:aws:iam::111122223333:role/emaillist/f"}],"NextToken":"1"}""");
        _server.Respond(200, """{"Targets":[{"Id":"b","Arn":"arn:aws:sqs:us-east-1:111122223333:q"}]}""");

        var targets = await _client.ListTargetsByRuleAsync(EventBridgeTestClient.TenantSession, "emaillist-forward-ses", "default", CancellationToken.None);

        Assert.Equal([new EventRuleTarget("a", "arn:aws:events:us-east-1:111111111111:event-bus/emaillist", "arn:aws:iam::111122223333:role/emaillist/f"),
            new EventRuleTarget("b", "arn:aws:sqs:us-east-1:111122223333:q")], targets);
        Assert.Equal(2, _server.Requests.Count);
        AssertJson11(_server.Requests[0], "AWSEvents.ListTargetsByRule");
        Assert.Equal("""{"Rule":"emaillist-forward-ses","EventBusName":"default"}""", _server.Requests[0].BodyText);
        Assert.Equal("""{"Rule":"emaillist-forward-ses","EventBusName":"default","NextToken":"1"}""", _server.Requests[1].BodyText);
        Assert.NotNull(_server.Requests[0].Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task ListTargetsByRule_of_a_rule_that_is_not_there_answers_null()
    {
        _server.Respond(400, """{"__type":"ResourceNotFoundException","message":"Rule emaillist-forward-ses does not exist on EventBus default."}""");

        var targets = await _client.ListTargetsByRuleAsync(EventBridgeTestClient.TenantSession, "emaillist-forward-ses", "default", CancellationToken.None);

        Assert.Null(targets);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task PutRule_creates_an_enabled_rule_on_the_tenants_bus_and_returns_its_arn()
    {
        _server.Respond(200, """{"RuleArn":"arn:aws:events:eu-west-1:111122223333:rule/emaillist-ses"}""");
        var rule = new EventRule("emaillist-ses", """{"source":["aws.ses"]}""", "SES events to EmailList");

        var arn = await _client.PutRuleAsync(EventBridgeTestClient.TenantSession, rule, CancellationToken.None);

        Assert.Equal("arn:aws:events:eu-west-1:111122223333:rule/emaillist-ses", arn);
        var request = Assert.Single(_server.Requests);
        AssertJson11(request, "AWSEvents.PutRule");
        var json = request.Json();
        Assert.Equal(["Description", "EventBusName", "EventPattern", "Name", "State"], Names(json));
        Assert.Equal("emaillist-ses", json.GetProperty("Name").GetString());
        Assert.Equal(JsonValueKind.String, json.GetProperty("EventPattern").ValueKind);
        Assert.Equal("""{"source":["aws.ses"]}""", json.GetProperty("EventPattern").GetString());
        Assert.Equal("ENABLED", json.GetProperty("State").GetString());
        Assert.Equal("SES events to EmailList", json.GetProperty("Description").GetString());
        Assert.Equal("default", json.GetProperty("EventBusName").GetString());
    }

    [Fact]
    public async Task PutRule_without_a_description_sends_none()
    {
        _server.Respond(200, """{"RuleArn":"arn:aws:events:eu-west-1:111122223333:rule/custom/r"}""");

        await _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", """{"source":["aws.ses"]}""", EventBusName: "custom"), CancellationToken.None);

        var json = Assert.Single(_server.Requests).Json();
        Assert.Equal(["EventBusName", "EventPattern", "Name", "State"], Names(json));
        Assert.Equal("custom", json.GetProperty("EventBusName").GetString());
    }

    [Fact]
    public async Task A_PutRule_answer_without_an_arn_is_an_invalid_response()
    {
        _server.Respond(200, "{}");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() =>
            _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", "{}"), CancellationToken.None));

        Assert.Equal((EventBridgeErrorKind.Unavailable, "InvalidResponse"), (error.Kind, error.ErrorCode));
    }

    [Fact]
    public async Task Rule_calls_are_signed_with_the_tenant_session_in_the_tenant_region()
    {
        _server.Respond(200, """{"RuleArn":"arn:aws:events:eu-west-1:111122223333:rule/r"}""")
            .Respond(200, """{"FailedEntryCount":0,"FailedEntries":[]}""");

        await _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", """{"source":["aws.ses"]}"""), CancellationToken.None);
        await _client.PutTargetsAsync(EventBridgeTestClient.TenantSession, "r", "default",
            [new EventRuleTarget("platform-bus", "arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events")], CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
        foreach (var request in _server.Requests)
        {
            var signed = AssertSignature(request, "ASIATENANTKEY", "eu-west-1");
            Assert.Contains("x-amz-security-token", signed);
            Assert.Equal("tenant-session-token", request.Header("X-Amz-Security-Token"));
        }
    }

    [Fact]
    public async Task PutTargets_names_rule_bus_and_targets_and_sends_a_role_only_when_given()
    {
        _server.Respond(200, """{"FailedEntryCount":0,"FailedEntries":[]}""");
        EventRuleTarget[] targets =
        [
            new("platform-bus", "arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events", "arn:aws:iam::111122223333:role/emaillist-forward"),
            new("same-region", "arn:aws:events:eu-west-1:999988887777:event-bus/emaillist-events"),
        ];

        await _client.PutTargetsAsync(EventBridgeTestClient.TenantSession, "emaillist-ses", "default", targets, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        AssertJson11(request, "AWSEvents.PutTargets");
        var json = request.Json();
        Assert.Equal(["EventBusName", "Rule", "Targets"], Names(json));
        Assert.Equal("emaillist-ses", json.GetProperty("Rule").GetString());
        Assert.Equal("default", json.GetProperty("EventBusName").GetString());
        var sent = json.GetProperty("Targets").EnumerateArray().ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(["Arn", "Id", "RoleArn"], Names(sent[0]));
        Assert.Equal("platform-bus", sent[0].GetProperty("Id").GetString());
        Assert.Equal("arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events", sent[0].GetProperty("Arn").GetString());
        Assert.Equal("arn:aws:iam::111122223333:role/emaillist-forward", sent[0].GetProperty("RoleArn").GetString());
        Assert.Equal(["Arn", "Id"], Names(sent[1]));
    }

    [Fact]
    public async Task A_failed_PutTargets_entry_raises_its_code_and_message()
    {
        _server.RespondAlways(200, """
            {"FailedEntryCount":1,"FailedEntries":[{"TargetId":"platform-bus","ErrorCode":"AccessDeniedException",
             "ErrorMessage":"Access to the resource arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events is denied."}]}
            """);

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => _client.PutTargetsAsync(EventBridgeTestClient.TenantSession, "emaillist-ses", "default",
            [new EventRuleTarget("platform-bus", "arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events")], CancellationToken.None));

        Assert.Equal(EventBridgeErrorKind.Invalid, error.Kind);
        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal("Access to the resource arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events is denied.", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_failed_entry_without_details_still_names_the_target()
    {
        _server.Respond(200, """{"FailedEntryCount":1,"FailedEntries":[{"TargetId":"platform-bus"}]}""");

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => _client.PutTargetsAsync(EventBridgeTestClient.TenantSession, "emaillist-ses", "default",
            [new EventRuleTarget("platform-bus", "arn:aws:events:us-east-1:999988887777:event-bus/emaillist-events")], CancellationToken.None));

        Assert.Equal(EventBridgeErrorKind.Invalid, error.Kind);
        Assert.Contains("platform-bus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_region_that_is_not_a_region_name_is_refused_before_any_request()
    {
        var session = EventBridgeTestClient.TenantSession with { Region = "evil.example.com/" };

        var error = await Assert.ThrowsAsync<EventBridgeException>(() => _client.PutRuleAsync(session, new EventRule("r", "{}"), CancellationToken.None));

        Assert.Equal(EventBridgeErrorKind.Invalid, error.Kind);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task The_signature_covers_exactly_what_arrived()
    {
        _server.Respond(200, """{"RuleArn":"arn:aws:events:eu-west-1:111122223333:rule/r"}""");

        await _client.PutRuleAsync(EventBridgeTestClient.TenantSession, new EventRule("r", """{"detail-type":["Email Bounced"]}""", "bounces"), CancellationToken.None);

        // Re-sign what the server received with the same key and time: a header changed or dropped on the way
        // (or not signed at all) gives a different signature, as it would at AWS.
        var request = Assert.Single(_server.Requests);
        var authorization = request.Header("Authorization")!;
        var signedHeaders = Regex.Match(authorization, "SignedHeaders=([^,]+)").Groups[1].Value.Split(';');
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = new Uri(_server.BaseAddress, request.RawTarget),
            Content = request.Body,
        };
        foreach (var name in signedHeaders.Where(name => name is not ("host" or "x-amz-date" or "x-amz-security-token" or "x-amz-content-sha256")))
        {
            signingRequest.Headers[name] = request.Header(name)!;
        }

        var credentials = EventBridgeTestClient.TenantSession.Credentials;
        var expected = await AWSSigV4Signer.SignAsync(signingRequest, new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            Region = RegionEndpoint.GetBySystemName("eu-west-1"),
            Service = "events",
            SignedAt = DateTime.ParseExact(request.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        }, CancellationToken.None);

        Assert.Contains("x-amz-target", signedHeaders);
        Assert.Equal(expected.Headers["Authorization"], authorization);
    }

    [Theory]
    [InlineData("eu-central-1", "https://events.eu-central-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://events.cn-north-1.amazonaws.com.cn/")]
    public async Task Without_a_service_url_rule_calls_go_to_the_tenants_regional_endpoint(string region, string expected)
    {
        var handler = new CapturingHandler("""{"RuleArn":"arn:aws:events:x:111122223333:rule/r"}""");
        var direct = new EventBridgeClient(new HttpClient(handler), Options.Create(new EventBridgeOptions { AccessKeyId = "AKIA", SecretAccessKey = "s" }),
            TimeProvider.System, NullLogger<EventBridgeClient>.Instance);

        await direct.PutRuleAsync(EventBridgeTestClient.TenantSession with { Region = region }, new EventRule("r", "{}"), CancellationToken.None);

        Assert.Equal(expected, Assert.Single(handler.Uris).AbsoluteUri);
    }

    private static void AssertJson11(RecordedRequest request, string target)
    {
        Assert.Equal(("POST", "/"), (request.Method, request.RawTarget));
        Assert.Equal(target, request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
    }

    private static string[] AssertSignature(RecordedRequest request, string accessKeyId, string region)
    {
        var authorization = request.Header("Authorization");
        Assert.NotNull(authorization);
        var match = Regex.Match(authorization,
            $@"^AWS4-HMAC-SHA256 Credential={accessKeyId}/(?<date>\d{{8}})/{region}/events/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{{64}}$");
        Assert.True(match.Success, authorization);
        Assert.StartsWith(match.Groups["date"].Value, request.Header("X-Amz-Date"), StringComparison.Ordinal);
        var signed = match.Groups["signed"].Value.Split(';');
        Assert.Contains("host", signed);
        Assert.Contains("x-amz-date", signed);
        Assert.Contains("x-amz-target", signed);
        Assert.Contains("content-type", signed);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.Body)), request.Header("X-Amz-Content-SHA256"));
        return signed;
    }

    private static string[] Names(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
