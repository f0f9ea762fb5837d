using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

using EmailList.Aws.Ses;
using EmailList.Core.Ses;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.Ses;

/// <summary>What goes over the wire for each operation, checked against the SES v2 model, and how answers are read.</summary>
public sealed class SesV2ClientRequestTests : ScriptedSesTests
{
    [Fact]
    public async Task SendEmail_posts_the_raw_message_as_base64_with_destination_tags_and_configuration_set()
    {
        Server.Respond(200, """{"MessageId":"0102018c-abc-000000"}""");
        var raw = "From: sender@example.com\r\nSubject: h\u00e9llo\r\n\r\nbody"u8.ToArray();

        var messageId = await Client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(raw), CancellationToken.None);

        Assert.Equal("0102018c-abc-000000", messageId);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/email/outbound-emails", request.RawTarget);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var json = request.Json();
        Assert.Equal("sender@example.com", json.GetProperty("FromEmailAddress").GetString());
        Assert.Equal(Convert.ToBase64String(raw), json.GetProperty("Content").GetProperty("Raw").GetProperty("Data").GetString());
        Assert.Equal(["to@example.org"], Strings(json.GetProperty("Destination").GetProperty("ToAddresses")));
        Assert.Equal(["cc@example.org"], Strings(json.GetProperty("Destination").GetProperty("CcAddresses")));
        Assert.Equal(["hidden@example.net"], Strings(json.GetProperty("Destination").GetProperty("BccAddresses")));
        var tags = json.GetProperty("EmailTags").EnumerateArray()
            .Select(tag => (tag.GetProperty("Name").GetString(), tag.GetProperty("Value").GetString())).ToList();
        Assert.Equal([("tenant", "acme"), ("campaign", "welcome")], tags);
        Assert.Equal("tenant-acme", json.GetProperty("ConfigurationSetName").GetString());
        Assert.Equal(["ConfigurationSetName", "Content", "Destination", "EmailTags", "FromEmailAddress"],
            json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Raw"], json.GetProperty("Content").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task SendEmail_leaves_out_empty_recipient_lists_tags_and_a_missing_configuration_set()
    {
        Server.Respond(200, """{"MessageId":"m-1"}""");
        var email = new OutboundEmail("sender@example.com", new SesDestination([], [], ["only-bcc@example.net"]), "x"u8.ToArray(), [], null);

        await Client.SendEmailAsync(SesTestClient.Session, email, CancellationToken.None);

        var json = Assert.Single(Server.Requests).Json();
        Assert.Equal(["Content", "Destination", "FromEmailAddress"], json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["BccAddresses"], json.GetProperty("Destination").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Requests_are_signed_with_SigV4_for_ses_in_the_sessions_region_with_the_session_token()
    {
        Server.Respond(200, """{"MessageId":"m-1"}""");

        await Client.SendEmailAsync(SesTestClient.Session, SesTestClient.Email(), CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        var authorization = request.Header("Authorization");
        Assert.NotNull(authorization);
        var match = Regex.Match(authorization,
            @"^AWS4-HMAC-SHA256 Credential=ASIATENANTKEY/(?<date>\d{8})/eu-west-1/ses/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$");
        Assert.True(match.Success, authorization);
        var amzDate = request.Header("X-Amz-Date");
        Assert.NotNull(amzDate);
        Assert.StartsWith(match.Groups["date"].Value, amzDate, StringComparison.Ordinal);
        Assert.Equal("tenant-session-token", request.Header("X-Amz-Security-Token"));
        var signed = match.Groups["signed"].Value.Split(';');
        Assert.Contains("host", signed);
        Assert.Contains("x-amz-date", signed);
        Assert.Contains("x-amz-security-token", signed);
        Assert.Contains("content-type", signed);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.Body)), request.Header("X-Amz-Content-SHA256"));
    }

    [Fact]
    public async Task Each_tenant_session_signs_with_its_own_key()
    {
        Server.RespondAlways(200, AccountJson);
        var other = new SesSession(SesTestClient.Session.Credentials with { AccessKeyId = "ASIAOTHERTENANT", SessionToken = "other-token" }, "us-west-2");

        await Client.GetAccountAsync(SesTestClient.Session, CancellationToken.None);
        await Client.GetAccountAsync(other, CancellationToken.None);

        Assert.Contains("Credential=ASIATENANTKEY/", Server.Requests[0].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/us-west-2/ses/aws4_request", Server.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("Credential=ASIAOTHERTENANT/", Server.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("other-token", Server.Requests[1].Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task GetAccount_reads_quota_and_status()
    {
        Server.Respond(200, AccountJson);

        var account = await Client.GetAccountAsync(SesTestClient.Session, CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("GET", "/v2/email/account"), (request.Method, request.RawTarget));
        Assert.Empty(request.Body);
        Assert.Equal(new SesAccount(true, false, "HEALTHY", 200, 1, 17), account);
    }

    [Fact]
    public async Task PutSuppressedDestination_puts_address_and_reason()
    {
        Server.Respond(200, "{}");

        await Client.PutSuppressedDestinationAsync(SesTestClient.Session, "bounced@example.org", "BOUNCE", CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(("PUT", "/v2/email/suppression/addresses"), (request.Method, request.RawTarget));
        Assert.Equal("""{"EmailAddress":"bounced@example.org","Reason":"BOUNCE"}""", request.BodyText);
    }

    [Fact]
    public async Task DeleteSuppressedDestination_url_encodes_the_address_in_the_path()
    {
        Server.Respond(200, "{}");

        await Client.DeleteSuppressedDestinationAsync(SesTestClient.Session, "a+b/c@example.org", CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/v2/email/suppression/addresses/a%2Bb%2Fc%40example.org", request.RawTarget);
    }

    [Fact]
    public async Task ListSuppressedDestinations_sends_page_size_and_token_and_reads_epoch_timestamps()
    {
        Server.Respond(200, """
            {"SuppressedDestinationSummaries":[
              {"EmailAddress":"b@example.org","Reason":"BOUNCE","LastUpdateTime":1700000000.5},
              {"EmailAddress":"c@example.org","Reason":"COMPLAINT","LastUpdateTime":1700000100}],
             "NextToken":"tok/2+=="}
            """);

        var page = await Client.ListSuppressedDestinationsAsync(SesTestClient.Session, "tok/1+==", 2, CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v2/email/suppression/addresses", request.Path);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query);
        Assert.Equal("2", query["PageSize"].ToString());
        Assert.Equal("tok/1+==", query["NextToken"].ToString());
        Assert.Equal("tok/2+==", page.NextToken);
        Assert.Equal(
            [
                new SuppressedDestination("b@example.org", "BOUNCE", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500)),
                new SuppressedDestination("c@example.org", "COMPLAINT", DateTimeOffset.FromUnixTimeSeconds(1_700_000_100)),
            ],
            page.Items);
    }

    [Fact]
    public async Task ListSuppressedDestinations_without_a_token_sends_none_and_reports_the_last_page()
    {
        Server.Respond(200, """{"SuppressedDestinationSummaries":[]}""");

        var page = await Client.ListSuppressedDestinationsAsync(SesTestClient.Session, null, 100, CancellationToken.None);

        Assert.Equal("?PageSize=100", Assert.Single(Server.Requests).Query);
        Assert.Empty(page.Items);
        Assert.Null(page.NextToken);
    }

    [Fact]
    public async Task A_region_that_is_not_a_region_name_is_refused_before_any_request()
    {
        var session = SesTestClient.Session with { Region = "evil.example.com/" };

        var error = await Assert.ThrowsAsync<SesException>(() => Client.GetAccountAsync(session, CancellationToken.None));

        Assert.Equal(SesErrorKind.BadRequest, error.Kind);
        Assert.Empty(Server.Requests);
    }

    private const string AccountJson = """
        {"DedicatedIpAutoWarmupEnabled":false,"EnforcementStatus":"HEALTHY","ProductionAccessEnabled":false,
         "SendQuota":{"Max24HourSend":200.0,"MaxSendRate":1.0,"SentLast24Hours":17.0},"SendingEnabled":true,
         "SuppressionAttributes":{"SuppressedReasons":["BOUNCE","COMPLAINT"]}}
        """;

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "(null)")];

    [Theory]
    [InlineData("eu-central-1", "https://email.eu-central-1.amazonaws.com/v2/email/outbound-emails")]
    [InlineData("cn-north-1", "https://email.cn-north-1.amazonaws.com.cn/v2/email/outbound-emails")]
    public async Task Without_a_service_url_SendEmail_goes_to_the_sessions_regional_endpoint(string region, string expected)
    {
        var handler = new CapturingHandler("""{"MessageId":"m-1"}""");
        var direct = new SesV2Client(new HttpClient(handler), Options.Create(new SesOptions()), TimeProvider.System, NullLogger<SesV2Client>.Instance);

        await direct.SendEmailAsync(SesTestClient.Session with { Region = region }, SesTestClient.Email(), CancellationToken.None);

        Assert.Equal(expected, Assert.Single(handler.Uris).AbsoluteUri);
    }
}
