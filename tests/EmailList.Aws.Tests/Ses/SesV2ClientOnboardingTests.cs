using System.Text.Json;
using EmailList.Aws.Ses;
using EmailList.Core.Ses;
using Microsoft.AspNetCore.WebUtilities;

namespace EmailList.Aws.Tests.Ses;

/// <summary>The SES v2 operations onboarding calls: identities, configuration sets and their EventBridge destinations.</summary>
public sealed class SesV2ClientOnboardingTests : ScriptedSesTests
{
    private static readonly Dictionary<string, string> AlreadyExists = new() { ["x-amzn-ErrorType"] = "AlreadyExistsException" };

    [Fact]
    public async Task ListEmailIdentities_reads_every_page_with_the_largest_page_size()
    {
        Server.Respond(200, """
                {"EmailIdentities":[
                  {"IdentityType":"DOMAIN","IdentityName":"example.com","SendingEnabled":true,"VerificationStatus":"SUCCESS"},
                  {"IdentityType":"EMAIL_ADDRESS","IdentityName":"someone@example.org","SendingEnabled":false,"VerificationStatus":"PENDING"}],
                 "NextToken":"page/2+=="}
                """)
            .Respond(200, """
                {"EmailIdentities":[{"IdentityType":"MANAGED_DOMAIN","IdentityName":"mail.example.net","SendingEnabled":true,"VerificationStatus":"SUCCESS"}]}
                """);

        var identities = await Client.ListEmailIdentitiesAsync(SesTestClient.Session, CancellationToken.None);

        Assert.Equal(
            [
                new SesIdentity("example.com", "DOMAIN", true, "SUCCESS"),
                new SesIdentity("someone@example.org", "EMAIL_ADDRESS", false, "PENDING"),
                new SesIdentity("mail.example.net", "MANAGED_DOMAIN", true, "SUCCESS"),
            ],
            identities);
        Assert.Equal([true, false, true], identities.Select(identity => identity.IsVerified));
        Assert.Equal(2, Server.Requests.Count);
        Assert.All(Server.Requests, request => Assert.Equal(("GET", "/v2/email/identities"), (request.Method, request.Path)));
        Assert.All(Server.Requests, request => Assert.Empty(request.Body));
        var first = QueryHelpers.ParseQuery(Server.Requests[0].Query);
        var second = QueryHelpers.ParseQuery(Server.Requests[1].Query);
        Assert.Equal(("1000", false), (first["PageSize"].ToString(), first.ContainsKey("NextToken")));
        Assert.Equal(("1000", "page/2+=="), (second["PageSize"].ToString(), second["NextToken"].ToString()));
    }

    [Fact]
    public async Task ListEmailIdentities_of_an_account_without_identities_is_empty()
    {
        Server.Respond(200, """{"EmailIdentities":[]}""");

        var identities = await Client.ListEmailIdentitiesAsync(SesTestClient.Session, CancellationToken.None);

        Assert.Empty(identities);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ListEmailIdentities_stops_when_SES_repeats_a_page_token()
    {
        Server.RespondAlways(200, """{"EmailIdentities":[],"NextToken":"same"}""");

        var error = await Assert.ThrowsAsync<SesException>(() => Client.ListEmailIdentitiesAsync(SesTestClient.Session, CancellationToken.None));

        Assert.Equal(SesErrorKind.Unavailable, error.Kind);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task CreateConfigurationSet_posts_the_name_and_reports_a_new_set()
    {
        Server.Respond(200, "{}");

        var created = await Client.CreateConfigurationSetAsync(SesTestClient.Session, "emaillist-events", CancellationToken.None);

        Assert.True(created);
        var request = Assert.Single(Server.Requests);
        Assert.Equal(("POST", "/v2/email/configuration-sets"), (request.Method, request.RawTarget));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("""{"ConfigurationSetName":"emaillist-events"}""", request.BodyText);
        Assert.Contains("/eu-west-1/ses/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateConfigurationSet_for_an_existing_set_reports_it_existed()
    {
        Server.Respond(400, """{"message":"Configuration set <emaillist-events> already exists."}""", headers: AlreadyExists);

        var created = await Client.CreateConfigurationSetAsync(SesTestClient.Session, "emaillist-events", CancellationToken.None);

        Assert.False(created);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task CreateConfigurationSetEventDestination_posts_an_EventBridge_destination_under_the_set()
    {
        Server.Respond(200, "{}");
        var destination = new SesEventDestination("to-emaillist", "arn:aws:events:eu-west-1:111122223333:event-bus/default", ["SEND", "BOUNCE", "COMPLAINT"]);

        var created = await Client.CreateConfigurationSetEventDestinationAsync(SesTestClient.Session, "emaillist events/1", destination, CancellationToken.None);

        Assert.True(created);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/email/configuration-sets/emaillist%20events%2F1/event-destinations", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        var json = request.Json();
        Assert.Equal(["EventDestination", "EventDestinationName"], json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("to-emaillist", json.GetProperty("EventDestinationName").GetString());
        var definition = json.GetProperty("EventDestination");
        Assert.Equal(["Enabled", "EventBridgeDestination", "MatchingEventTypes"], definition.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(definition.GetProperty("Enabled").GetBoolean());
        Assert.Equal(["SEND", "BOUNCE", "COMPLAINT"], definition.GetProperty("MatchingEventTypes").EnumerateArray().Select(e => e.GetString()));
        var eventBridge = definition.GetProperty("EventBridgeDestination");
        Assert.Equal(["EventBusArn"], eventBridge.EnumerateObject().Select(p => p.Name));
        Assert.Equal("arn:aws:events:eu-west-1:111122223333:event-bus/default", eventBridge.GetProperty("EventBusArn").GetString());
    }

    [Fact]
    public async Task A_disabled_destination_is_sent_as_disabled()
    {
        Server.Respond(200, "{}");
        var destination = new SesEventDestination("paused", "arn:aws:events:eu-west-1:111122223333:event-bus/default", SesEventDestination.AllEventTypes, Enabled: false);

        await Client.CreateConfigurationSetEventDestinationAsync(SesTestClient.Session, "emaillist-events", destination, CancellationToken.None);

        var definition = Assert.Single(Server.Requests).Json().GetProperty("EventDestination");
        Assert.Equal(JsonValueKind.False, definition.GetProperty("Enabled").ValueKind);
        Assert.Equal(10, definition.GetProperty("MatchingEventTypes").GetArrayLength());
    }

    [Fact]
    public async Task CreateConfigurationSetEventDestination_for_an_existing_destination_reports_it_existed()
    {
        Server.Respond(400, """{"__type":"com.amazonaws.sesv2#AlreadyExistsException","message":"Event destination to-emaillist already exists."}""");
        var destination = new SesEventDestination("to-emaillist", "arn:aws:events:eu-west-1:111122223333:event-bus/default", ["SEND"]);

        var created = await Client.CreateConfigurationSetEventDestinationAsync(SesTestClient.Session, "emaillist-events", destination, CancellationToken.None);

        Assert.False(created);
    }

    [Fact]
    public async Task A_destination_for_a_missing_configuration_set_is_not_found()
    {
        Server.Respond(404, """{"message":"Configuration set <nope> does not exist."}""",
            headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "NotFoundException" });
        var destination = new SesEventDestination("to-emaillist", "arn:aws:events:eu-west-1:111122223333:event-bus/default", ["SEND"]);

        var error = await Assert.ThrowsAsync<SesException>(() =>
            Client.CreateConfigurationSetEventDestinationAsync(SesTestClient.Session, "nope", destination, CancellationToken.None));

        Assert.Equal((SesErrorKind.NotFound, "NotFoundException"), (error.Kind, error.ErrorCode));
    }

    [Fact]
    public async Task A_creation_whose_first_answer_was_lost_finds_the_set_on_retry()
    {
        var retrying = SesTestClient.Create(Server, options => options.AttemptTimeout = TimeSpan.FromSeconds(1));
        Server.Respond(200, "{}", delay: TimeSpan.FromSeconds(30))
            .Respond(400, """{"message":"Configuration set <emaillist-events> already exists."}""", headers: AlreadyExists);

        var created = await retrying.CreateConfigurationSetAsync(SesTestClient.Session, "emaillist-events", CancellationToken.None);

        Assert.False(created);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Throttled_and_failed_creations_are_retried()
    {
        Server.Respond(429, """{"message":"Rate exceeded"}""", headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "TooManyRequestsException" })
            .Respond(500, """{"message":"Internal failure"}""")
            .Respond(200, "{}");

        var created = await Client.CreateConfigurationSetAsync(SesTestClient.Session, "emaillist-events", CancellationToken.None);

        Assert.True(created);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task Access_denied_on_creation_is_not_retried()
    {
        Server.RespondAlways(403, """{"message":"User is not authorized to perform: ses:CreateConfigurationSet"}""",
            headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "AccessDeniedException" });

        var error = await Assert.ThrowsAsync<SesException>(() => Client.CreateConfigurationSetAsync(SesTestClient.Session, "emaillist-events", CancellationToken.None));

        Assert.Equal(SesErrorKind.AccessDenied, error.Kind);
        Assert.Contains("ses:CreateConfigurationSet", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }
}
