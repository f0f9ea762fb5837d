using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

/// <summary>
/// The sandbox publishes what SES would for each mailbox simulator address, shaped as EventBridge delivers it, to a
/// target that records requests. A sandbox of its own: these tests move its event target.
/// </summary>
public sealed class SesEventPublishingTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Secret = "ingest-secret-for-tests";
    private const string ConfigurationSet = "acme-events";
    private const string IsoMillis = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$";
    private const string IsoSeconds = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$";

    private static readonly Dictionary<string, string> SampleOf = new(StringComparer.Ordinal)
    {
        ["Email Sent"] = "send",
        ["Email Delivered"] = "delivery",
        ["Email Bounced"] = "bounce",
        ["Email Complaint Received"] = "complaint",
        ["Email Opened"] = "open",
        ["Email Clicked"] = "click",
        ["Email Subscribed"] = "subscription",
    };

    // Objects whose keys are data (tag names), not field names.
    private static readonly HashSet<string> FreeFormMaps = new(StringComparer.Ordinal) { "$.detail.mail.tags", "$.detail.click.linkTags" };

    // Fields AWS documents ("Contents of event data that Amazon SES publishes") that the samples happen not to show:
    // the headers of commonHeaders a message may have, and the complaint's subtype (null unless OnAccountSuppressionList).
    private static readonly HashSet<string> DocumentedExtras = new(StringComparer.Ordinal)
    {
        "$.detail.mail.commonHeaders.date",
        "$.detail.mail.commonHeaders.cc",
        "$.detail.mail.commonHeaders.replyTo",
        "$.detail.mail.commonHeaders.returnPath",
        "$.detail.mail.commonHeaders.sender",
        "$.detail.complaint.complaintSubType",
    };

    [Fact]
    public async Task The_trace_of_the_SendEmail_call_goes_on_with_every_event_delivered_for_it()
    {
        // As OpenTelemetry does in the services: listen to every source, so the calls below are traced.
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("EmailList.Sandbox.Tests");
        await using var receiver = await StartTargetAsync();

        string messageId;
        string traceId;
        using (var sendApi = source.StartActivity("POST /mail")!)
        {
            traceId = sendApi.TraceId.ToHexString();
            (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);
        }

        var events = await ExactlyAsync(receiver, messageId, 2);
        Assert.All(events, e => Assert.Equal(traceId, e.Headers["traceparent"].Split('-')[1]));
    }

    [Fact]
    public async Task A_message_to_the_success_simulator_publishes_Send_and_Delivery_as_EventBridge_delivers_them()
    {
        await using var receiver = await StartTargetAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (tenant, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);

        var events = await ExactlyAsync(receiver, messageId, 2);
        var send = Single(events, "Email Sent");
        var delivery = Single(events, "Email Delivered");
        foreach (var request in events)
        {
            Assert.Equal(Secret, request.Headers["X-EmailList-Ingest-Key"]);
            Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        }

        var envelope = send.Event;
        Assert.Equal("0", Text(envelope, "version"));
        Assert.True(Guid.TryParseExact(Text(envelope, "id"), "D", out _));
        Assert.NotEqual(Text(envelope, "id"), Text(delivery.Event, "id"));
        Assert.Equal("aws.ses", Text(envelope, "source"));
        Assert.Equal(tenant.AccountId, Text(envelope, "account"));
        Assert.Equal("us-east-1", Text(envelope, "region"));
        Assert.Matches(IsoSeconds, Text(envelope, "time"));
        Assert.InRange(Time(envelope, "time"), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal([$"arn:aws:ses:us-east-1:{tenant.AccountId}:configuration-set/{ConfigurationSet}"], Strings(envelope, "resources"));

        var detail = envelope.GetProperty("detail");
        Assert.Equal("Send", Text(detail, "eventType"));
        Assert.Equal(JsonValueKind.Object, detail.GetProperty("send").ValueKind);
        Assert.Empty(detail.GetProperty("send").EnumerateObject());
        var mail = detail.GetProperty("mail");
        Assert.Matches(IsoMillis, Text(mail, "timestamp"));
        Assert.InRange(Time(mail, "timestamp"), before, DateTimeOffset.UtcNow);
        Assert.Equal("news@example.com", Text(mail, "source"));
        Assert.Equal($"arn:aws:ses:us-east-1:{tenant.AccountId}:identity/example.com", Text(mail, "sourceArn"));
        Assert.Equal(tenant.AccountId, Text(mail, "sendingAccountId"));
        Assert.Equal(messageId, Text(mail, "messageId"));
        Assert.Equal(["success@simulator.amazonses.com"], Strings(mail, "destination"));
        Assert.False(mail.GetProperty("headersTruncated").GetBoolean());
        var headers = mail.GetProperty("headers").EnumerateArray().Select(h => (Text(h, "name"), Text(h, "value"))).ToList();
        Assert.Contains(("From", "Acme News <news@example.com>"), headers);
        Assert.Contains(("To", "success@simulator.amazonses.com"), headers);
        Assert.Contains(("Subject", "Spring offers"), headers);
        Assert.Contains(("MIME-Version", "1.0"), headers);
        Assert.Contains(("Content-Type", "text/plain; charset=utf-8"), headers);
        Assert.Contains("\"value\":\"Acme News <news@example.com>\"", send.Body, StringComparison.Ordinal);
        var common = mail.GetProperty("commonHeaders");
        Assert.Equal(["Acme News <news@example.com>"], Strings(common, "from"));
        Assert.Equal(["success@simulator.amazonses.com"], Strings(common, "to"));
        Assert.Equal("Spring offers", Text(common, "subject"));
        Assert.Equal("spring-1@example.com", Text(common, "messageId"));
        Assert.Equal("Mon, 23 Nov 2026 10:00:00 +0000", Text(common, "date"));
        var tags = mail.GetProperty("tags");
        Assert.Equal(["acme"], Strings(tags, "el_tenant"));
        Assert.Equal(["spring"], Strings(tags, "campaign"));
        Assert.Equal([ConfigurationSet], Strings(tags, "ses:configuration-set"));
        Assert.Equal(["127.0.0.1"], Strings(tags, "ses:source-ip"));
        Assert.Equal(["example.com"], Strings(tags, "ses:from-domain"));
        Assert.Equal(["EmailListSender"], Strings(tags, "ses:caller-identity"));

        var delivered = delivery.Event.GetProperty("detail");
        Assert.Equal("Delivery", Text(delivered, "eventType"));
        Assert.Equal(Text(mail, "timestamp"), Text(delivered.GetProperty("mail"), "timestamp"));
        Assert.Equal(["127.0.0.1"], Strings(delivered.GetProperty("mail").GetProperty("tags"), "ses:source-ip"));
        var deliveryObject = delivered.GetProperty("delivery");
        Assert.Matches(IsoMillis, Text(deliveryObject, "timestamp"));
        Assert.True(Time(deliveryObject, "timestamp") > Time(mail, "timestamp"));
        Assert.True(deliveryObject.GetProperty("processingTimeMillis").GetInt64() > 0);
        Assert.Equal(["success@simulator.amazonses.com"], Strings(deliveryObject, "recipients"));
        Assert.StartsWith("250 ", Text(deliveryObject, "smtpResponse"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(Text(deliveryObject, "reportingMTA")));
    }

    [Fact]
    public async Task A_bounce_publishes_Send_and_a_permanent_general_Bounce_for_that_recipient()
    {
        await using var receiver = await StartTargetAsync();

        var (_, messageId) = await SendRawAsync(["bounce@simulator.amazonses.com"]);

        var events = await ExactlyAsync(receiver, messageId, 2);
        Single(events, "Email Sent");
        var detail = Single(events, "Email Bounced").Event.GetProperty("detail");
        Assert.Equal("Bounce", Text(detail, "eventType"));
        var bounce = detail.GetProperty("bounce");
        Assert.Equal("Permanent", Text(bounce, "bounceType"));
        Assert.Equal("General", Text(bounce, "bounceSubType"));
        var recipient = Assert.Single(bounce.GetProperty("bouncedRecipients").EnumerateArray());
        Assert.Equal("bounce@simulator.amazonses.com", Text(recipient, "emailAddress"));
        Assert.Equal("failed", Text(recipient, "action"));
        Assert.Equal("5.1.1", Text(recipient, "status"));
        Assert.Equal("smtp; 550 5.1.1 user unknown", Text(recipient, "diagnosticCode"));
        Assert.Matches(IsoMillis, Text(bounce, "timestamp"));
        Assert.Matches("^[0-9a-f]{16}-[0-9a-f-]{36}-000000$", Text(bounce, "feedbackId"));
        Assert.StartsWith("dsn; ", Text(bounce, "reportingMTA"), StringComparison.Ordinal);
        Assert.Equal(["bounce@simulator.amazonses.com"], Strings(detail.GetProperty("mail"), "destination"));
    }

    [Fact]
    public async Task A_complaint_publishes_Send_Delivery_and_an_abuse_Complaint()
    {
        await using var receiver = await StartTargetAsync();

        var (_, messageId) = await SendRawAsync(["complaint@simulator.amazonses.com"]);

        var events = await ExactlyAsync(receiver, messageId, 3);
        Single(events, "Email Sent");
        var delivered = Single(events, "Email Delivered").Event.GetProperty("detail").GetProperty("delivery");
        var detail = Single(events, "Email Complaint Received").Event.GetProperty("detail");
        Assert.Equal("Complaint", Text(detail, "eventType"));
        var complaint = detail.GetProperty("complaint");
        Assert.Equal(["complaint@simulator.amazonses.com"], complaint.GetProperty("complainedRecipients").EnumerateArray().Select(r => Text(r, "emailAddress")));
        Assert.Equal("abuse", Text(complaint, "complaintFeedbackType"));
        Assert.Equal(JsonValueKind.Null, complaint.GetProperty("complaintSubType").ValueKind);
        Assert.False(string.IsNullOrEmpty(Text(complaint, "userAgent")));
        Assert.Matches(IsoMillis, Text(complaint, "arrivalDate"));
        Assert.Matches("^[0-9a-f]{16}-[0-9a-f-]{36}-000000$", Text(complaint, "feedbackId"));
        Assert.True(Time(complaint, "timestamp") > Time(delivered, "timestamp"));
    }

    [Fact]
    public async Task An_out_of_office_recipient_gets_Send_and_Delivery_and_no_event_for_the_auto_reply()
    {
        await using var receiver = await StartTargetAsync();

        var (_, messageId) = await SendRawAsync(["ooto@simulator.amazonses.com"]);

        var events = await ExactlyAsync(receiver, messageId, 2);
        Assert.Equal(["Email Delivered", "Email Sent"], events.Select(e => e.DetailType).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Suppressed_recipients_bounce_with_the_account_suppression_list_subtype()
    {
        await using var receiver = await StartTargetAsync();
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        await SandboxClients.Ses(sandbox).PutSuppressedDestinationAsync(session, "gone@example.org", "BOUNCE", CancellationToken.None);

        var (_, messageId) = await SendRawAsync(["suppressionlist@simulator.amazonses.com", "gone@example.org"], tenant);

        var events = await ExactlyAsync(receiver, messageId, 3);
        Assert.Equal(["suppressionlist@simulator.amazonses.com", "gone@example.org"], Strings(Single(events, "Email Sent").Event.GetProperty("detail").GetProperty("mail"), "destination"));
        var bounces = events.Where(e => e.DetailType == "Email Bounced").Select(e => e.Event.GetProperty("detail").GetProperty("bounce")).ToList();
        Assert.Equal(2, bounces.Count);
        Assert.All(bounces, b => Assert.Equal(("Permanent", "OnAccountSuppressionList"), (Text(b, "bounceType"), Text(b, "bounceSubType"))));
        Assert.Equal(["gone@example.org", "suppressionlist@simulator.amazonses.com"],
            bounces.Select(b => Text(Assert.Single(b.GetProperty("bouncedRecipients").EnumerateArray()), "emailAddress")).Order(StringComparer.Ordinal));
        Assert.All(bounces, b => Assert.Contains("suppression list", Text(b.GetProperty("bouncedRecipients")[0], "diagnosticCode"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_Send_names_every_recipient_and_each_recipient_gets_its_own_outcome()
    {
        await using var receiver = await StartTargetAsync();
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);
        const string body = """
            {"FromEmailAddress":"Acme <news@example.com>",
             "Destination":{"ToAddresses":["success@simulator.amazonses.com"],"CcAddresses":["bounce@simulator.amazonses.com"],"BccAddresses":["complaint@simulator.amazonses.com"]},
             "Content":{"Simple":{"Subject":{"Data":"Three ways"},"Body":{"Text":{"Data":"text"},"Html":{"Data":"<b>html</b>"}}}},
             "EmailTags":[{"Name":"el_tenant","Value":"acme"}]}
            """;

        using var response = await SignedRequests.SendAsync(sandbox.BaseUrl, HttpMethod.Post, "v2/email/outbound-emails", body, credentials);
        var messageId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MessageId").GetString()!;

        var events = await ExactlyAsync(receiver, messageId, 5);
        var send = Single(events, "Email Sent").Event;
        Assert.Empty(Strings(send, "resources"));
        var mail = send.GetProperty("detail").GetProperty("mail");
        Assert.Equal(["success@simulator.amazonses.com", "bounce@simulator.amazonses.com", "complaint@simulator.amazonses.com"], Strings(mail, "destination"));
        Assert.Equal("Acme <news@example.com>", Text(mail, "source"));
        Assert.Equal(["acme"], Strings(mail.GetProperty("tags"), "el_tenant"));
        Assert.False(mail.GetProperty("tags").TryGetProperty("ses:configuration-set", out _));
        var headerNames = mail.GetProperty("headers").EnumerateArray().Select(h => Text(h, "name")).ToList();
        Assert.Equal(["From", "To", "Cc", "Subject", "MIME-Version", "Content-Type"], headerNames);
        Assert.Equal(["bounce@simulator.amazonses.com"], Strings(mail.GetProperty("commonHeaders"), "cc"));
        Assert.Equal(messageId, Text(mail.GetProperty("commonHeaders"), "messageId"));
        Assert.Equal(["complaint@simulator.amazonses.com", "success@simulator.amazonses.com"],
            events.Where(e => e.DetailType == "Email Delivered")
                .Select(e => Assert.Single(Strings(e.Event.GetProperty("detail").GetProperty("delivery"), "recipients")))
                .Order(StringComparer.Ordinal));
        Assert.Equal("bounce@simulator.amazonses.com",
            Text(Single(events, "Email Bounced").Event.GetProperty("detail").GetProperty("bounce").GetProperty("bouncedRecipients")[0], "emailAddress"));
        Single(events, "Email Complaint Received");
    }

    [Fact]
    public async Task A_target_that_fails_twice_with_503_gets_the_event_on_the_third_attempt_with_the_same_id()
    {
        await using var receiver = await StartTargetAsync();
        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);
        await ExactlyAsync(receiver, messageId, 2);
        receiver.FailNext(2);

        var open = await sandbox.Admin.OpenAsync(messageId);

        var published = await sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        var attempts = receiver.Requests.Where(r => r.EventId == open.EventId).ToList();
        Assert.Equal([503, 503, 200], attempts.Select(r => r.AnsweredWith));
        Assert.Single(attempts.Select(r => r.Body).Distinct());
        Assert.Single(receiver.Requests, r => r.EventId == open.EventId && r.Stored);
        var record = Assert.Single(published, e => e.EventId == open.EventId);
        Assert.Equal(("delivered", 3, 200), (record.Status, record.Attempts, record.LastStatusCode));
    }

    [Fact]
    public async Task A_target_that_keeps_failing_is_given_up_on_after_the_last_attempt_and_counted()
    {
        await using var receiver = await StartTargetAsync();
        receiver.FailNext(-1, 500);
        var statsBefore = await sandbox.Admin.GetEventStatsAsync();

        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);

        var published = await sandbox.Admin.WaitForEventDeliveryAsync(messageId, TimeSpan.FromSeconds(20));
        Assert.Equal(2, published.Count);
        Assert.All(published, e => Assert.Equal(("failed", 5, 500), (e.Status, e.Attempts, e.LastStatusCode)));
        Assert.Equal(10, receiver.Requests.Count(r => r.MessageId == messageId));
        Assert.DoesNotContain(receiver.Requests, r => r.MessageId == messageId && r.Stored);
        var stats = await sandbox.Admin.GetEventStatsAsync();
        Assert.Equal(statsBefore.Failed + 2, stats.Failed);
    }

    [Fact]
    public async Task A_4xx_answer_is_not_retried()
    {
        await using var receiver = await StartTargetAsync();
        receiver.FailNext(-1, 401);

        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);

        var published = await sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        Assert.All(published, e => Assert.Equal(("failed", 1, 401), (e.Status, e.Attempts, e.LastStatusCode)));
        Assert.Equal(2, receiver.Requests.Count(r => r.MessageId == messageId));
    }

    [Fact]
    public async Task Open_and_click_publish_events_about_the_message_with_user_agent_address_and_link()
    {
        await using var receiver = await StartTargetAsync();
        var (tenant, messageId) = await SendRawAsync(["success@simulator.amazonses.com", "ooto@simulator.amazonses.com"]);
        await ExactlyAsync(receiver, messageId, 3);

        var open = await sandbox.Admin.OpenAsync(messageId, new SandboxEngagement(Recipient: "ooto@simulator.amazonses.com", UserAgent: "TestMail/1.0", IpAddress: "198.51.100.7"));
        var click = await sandbox.Admin.ClickAsync(messageId, new SandboxEngagement(Link: "https://example.com/offers?id=1"));

        var events = await receiver.WaitForStoredAsync(messageId, 5);
        var opened = Assert.Single(events, e => e.EventId == open.EventId).Event;
        Assert.Equal(("Email Opened", tenant.AccountId), (Text(opened, "detail-type"), Text(opened, "account")));
        var openDetail = opened.GetProperty("detail");
        Assert.Equal("Open", Text(openDetail, "eventType"));
        Assert.Equal(messageId, Text(openDetail.GetProperty("mail"), "messageId"));
        Assert.Equal(["ooto@simulator.amazonses.com"], Strings(openDetail.GetProperty("mail"), "destination"));
        Assert.Equal(["acme"], Strings(openDetail.GetProperty("mail").GetProperty("tags"), "el_tenant"));
        var openObject = openDetail.GetProperty("open");
        Assert.Equal(("198.51.100.7", "TestMail/1.0"), (Text(openObject, "ipAddress"), Text(openObject, "userAgent")));
        Assert.Matches(IsoMillis, Text(openObject, "timestamp"));

        var clicked = Assert.Single(events, e => e.EventId == click.EventId).Event;
        Assert.Equal("Email Clicked", Text(clicked, "detail-type"));
        var clickDetail = clicked.GetProperty("detail");
        Assert.Equal("Click", Text(clickDetail, "eventType"));
        Assert.Equal(["success@simulator.amazonses.com", "ooto@simulator.amazonses.com"], Strings(clickDetail.GetProperty("mail"), "destination"));
        var clickObject = clickDetail.GetProperty("click");
        Assert.Equal("https://example.com/offers?id=1", Text(clickObject, "link"));
        Assert.False(string.IsNullOrEmpty(Text(clickObject, "userAgent")));
        Assert.True(IPAddress.TryParse(Text(clickObject, "ipAddress"), out _));
        Assert.Equal(JsonValueKind.Object, clickObject.GetProperty("linkTags").ValueKind);
    }

    [Fact]
    public async Task Every_published_event_has_the_shape_of_AWS_s_sample_record_of_its_type()
    {
        await using var receiver = await StartTargetAsync();
        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com", "bounce@simulator.amazonses.com", "complaint@simulator.amazonses.com"]);
        await ExactlyAsync(receiver, messageId, 5);
        await sandbox.Admin.OpenAsync(messageId, new SandboxEngagement());
        await sandbox.Admin.ClickAsync(messageId, new SandboxEngagement(Link: "https://example.com/offers"));
        await sandbox.Admin.UnsubscribeAsync(messageId, new SandboxUnsubscribe(Recipient: "success@simulator.amazonses.com"));
        var events = await receiver.WaitForStoredAsync(messageId, 8);

        var differences = new List<string>();
        foreach (var (detailType, sample) in SampleOf)
        {
            using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "AwsSamples", sample + ".json")));
            var published = events.Where(e => e.DetailType == detailType).ToList();
            Assert.NotEmpty(published);
            differences.AddRange(published.SelectMany(e => JsonShape.Differences(expected.RootElement, e.Event, FreeFormMaps, DocumentedExtras))
                .Distinct().Select(d => $"{detailType} {d}"));
        }

        Assert.True(differences.Count == 0, "The sandbox's events differ from AWS's samples:\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task Unsubscribing_publishes_a_subscription_event_that_opts_the_recipient_out_of_every_topic()
    {
        await using var receiver = await StartTargetAsync();
        var (tenant, messageId) = await SendRawAsync(["success@simulator.amazonses.com", "ooto@simulator.amazonses.com"]);
        await ExactlyAsync(receiver, messageId, 3);

        var unsubscribe = await sandbox.Admin.UnsubscribeAsync(messageId, new SandboxUnsubscribe(Recipient: "ooto@simulator.amazonses.com", Topic: "news"));

        var events = await receiver.WaitForStoredAsync(messageId, 4);
        var published = Assert.Single(events, e => e.EventId == unsubscribe.EventId).Event;
        Assert.Equal(("Email Subscribed", tenant.AccountId), (Text(published, "detail-type"), Text(published, "account")));
        var detail = published.GetProperty("detail");
        Assert.Equal("Subscription", Text(detail, "eventType"));
        Assert.Equal(["ooto@simulator.amazonses.com"], Strings(detail.GetProperty("mail"), "destination"));
        Assert.Equal(["acme"], Strings(detail.GetProperty("mail").GetProperty("tags"), "el_tenant"));
        var subscription = detail.GetProperty("subscription");
        Assert.Equal(("emaillist", "UnsubscribeHeader"), (Text(subscription, "contactList"), Text(subscription, "source")));
        Assert.Matches(IsoMillis, Text(subscription, "timestamp"));
        Assert.True(subscription.GetProperty("newTopicPreferences").GetProperty("unsubscribeAll").GetBoolean());
        var topic = subscription.GetProperty("newTopicPreferences").GetProperty("topicSubscriptionStatus")[0];
        Assert.Equal(("news", "OptOut"), (Text(topic, "topicName"), Text(topic, "subscriptionStatus")));
        Assert.False(subscription.GetProperty("oldTopicPreferences").GetProperty("unsubscribeAll").GetBoolean());
    }

    [Fact]
    public async Task Unsubscribing_someone_who_was_not_a_recipient_is_refused()
    {
        await using var receiver = await StartTargetAsync();
        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            sandbox.Admin.UnsubscribeAsync(messageId, new SandboxUnsubscribe(Recipient: "stranger@example.org")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("recipient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_for_someone_who_was_not_a_recipient_is_refused()
    {
        await using var receiver = await StartTargetAsync();
        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            sandbox.Admin.OpenAsync(messageId, new SandboxEngagement(Recipient: "stranger@example.org")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("recipient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redelivering_an_event_sends_it_again_with_the_same_id_and_body()
    {
        await using var receiver = await StartTargetAsync();
        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);
        var first = Single(await ExactlyAsync(receiver, messageId, 2), "Email Delivered");

        var redelivered = await sandbox.Admin.RedeliverEventAsync(first.EventId);

        Assert.NotNull(redelivered);
        var again = await receiver.WaitForAsync(all => all.Count(r => r.Stored && r.EventId == first.EventId) == 2, $"event {first.EventId} being stored a second time");
        Assert.Equal(first.Body, again.Last(r => r.EventId == first.EventId).Body);
        Assert.Null(await sandbox.Admin.RedeliverEventAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task Without_a_target_nothing_is_published_and_sending_is_unaffected()
    {
        await using var receiver = await SesEventReceiver.StartAsync();
        await sandbox.Admin.SetEventTargetAsync(new SandboxEventTarget(null));

        var (tenant, messageId) = await SendRawAsync(["bounce@simulator.amazonses.com"]);
        var open = await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Admin.OpenAsync(messageId));

        Assert.NotNull(await sandbox.Admin.GetMessageAsync(messageId));
        Assert.Empty(await sandbox.Admin.GetEventsAsync(accountId: tenant.AccountId));
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        await Task.Delay(200);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task The_target_and_its_header_can_be_changed_at_runtime()
    {
        await using var first = await StartTargetAsync();
        await using var second = await SesEventReceiver.StartAsync();
        await sandbox.Admin.SetEventTargetAsync(new SandboxEventTarget(second.Url, "X-Other-Key", "other-secret"));

        var (_, messageId) = await SendRawAsync(["success@simulator.amazonses.com"]);

        var events = await second.WaitForStoredAsync(messageId, 2);
        Assert.All(events, e => Assert.Equal("other-secret", e.Headers["X-Other-Key"]));
        Assert.All(events, e => Assert.False(e.Headers.ContainsKey("X-EmailList-Ingest-Key")));
        Assert.Empty(first.Requests);
    }

    private async Task<SesEventReceiver> StartTargetAsync()
    {
        var receiver = await SesEventReceiver.StartAsync();
        await sandbox.Admin.SetEventTargetAsync(new SandboxEventTarget(receiver.Url, Secret: Secret));
        return receiver;
    }

    private async Task<(SandboxTenant Tenant, string MessageId)> SendRawAsync(IReadOnlyList<string> to, SandboxTenant? tenant = null)
    {
        tenant ??= await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);
        var session = new SesSession(credentials, SandboxFixture.Region);
        await SandboxClients.CreateConfigurationSetAsync(sandbox, credentials, ConfigurationSet);
        var raw = "From: Acme News <news@example.com>\r\n"
            + $"To: {string.Join(", ", to)}\r\n"
            + "Subject: Spring offers\r\n"
            + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <spring-1@example.com>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Offers inside.\r\n";
        var email = new OutboundEmail("news@example.com", new SesDestination(to, [], []), System.Text.Encoding.UTF8.GetBytes(raw),
            [new("el_tenant", "acme"), new("campaign", "spring")], ConfigurationSet);
        var messageId = await SandboxClients.Ses(sandbox).SendEmailAsync(session, email, CancellationToken.None);
        return (tenant, messageId);
    }

    /// <summary>Waits until the sandbox has finished delivering the message's events, then checks the target stored exactly <paramref name="count"/>.</summary>
    private async Task<IReadOnlyList<ReceivedEventRequest>> ExactlyAsync(SesEventReceiver receiver, string messageId, int count)
    {
        var published = await sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        Assert.All(published, e => Assert.Equal("delivered", e.Status));
        var stored = receiver.Requests.Where(r => r.Stored && r.MessageId == messageId).ToList();
        Assert.Equal(count, published.Count);
        Assert.Equal(count, stored.Count);
        return stored;
    }

    private static ReceivedEventRequest Single(IEnumerable<ReceivedEventRequest> events, string detailType) =>
        Assert.Single(events, e => e.DetailType == detailType);

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static List<string> Strings(JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    private static DateTimeOffset Time(JsonElement element, string name) =>
        DateTimeOffset.Parse(Text(element, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
