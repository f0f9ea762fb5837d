using System.Text;
using System.Text.Json.Nodes;
using EmailList.Core.Events;
using EmailList.Core.Tenants;
using EmailList.EventIngester.Events;

namespace EmailList.EventIngester.Tests;

public sealed class SesEventParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("send", SesEventType.Send, "2016-10-14T05:02:16.645Z")]
    [InlineData("delivery", SesEventType.Delivery, "2016-10-19T23:21:04.133Z")]
    [InlineData("bounce", SesEventType.Bounce, "2017-08-05T00:41:02.669Z")]
    [InlineData("complaint", SesEventType.Complaint, "2017-08-05T00:41:02.669Z")]
    [InlineData("reject", SesEventType.Reject, "2016-10-14T17:38:15.211Z")]
    [InlineData("open", SesEventType.Open, "2017-08-09T22:00:19.652Z")]
    [InlineData("click", SesEventType.Click, "2017-08-09T23:51:25.570Z")]
    [InlineData("rendering-failure", SesEventType.RenderingFailure, "2018-01-22T18:43:06.197Z")]
    [InlineData("delivery-delay", SesEventType.DeliveryDelay, "2020-06-16T00:25:40.095Z")]
    [InlineData("subscription", SesEventType.Subscription, "2022-01-12T01:00:17.910Z")]
    // SES's own clocks, to the millisecond: the type's object's timestamp, and mail.timestamp for the types whose
    // object has none (Send, Reject, Rendering Failure); never the envelope's time, which EventBridge rounds to seconds.
    public void Every_SES_event_type_is_read_with_its_own_timestamp(string fixture, SesEventType type, string occurredAt)
    {
        var parsed = ParseFixture(fixture);

        Assert.Equal(type, parsed.Event.Type);
        Assert.Equal(DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture), parsed.Event.OccurredAt);
        Assert.Equal(SesEventFixtures.Account, parsed.AccountId);
        Assert.Equal("acme", parsed.TenantTag);
        Assert.StartsWith("0c9d3f4e-1b2a-4c5d-8e6f-", parsed.Event.EventId, StringComparison.Ordinal);
        Assert.StartsWith("EXAMPLE", parsed.Event.MessageId, StringComparison.Ordinal);
        Assert.Equal(["recipient@example.com"], parsed.Event.Recipients);
        Assert.Equal(ReceivedAt, parsed.Event.ReceivedAt);
        Assert.Equal(SesEventFixtures.Text(fixture).TrimEnd(), parsed.Event.RawJson);
    }

    [Fact]
    public void A_bounce_keeps_type_subtype_diagnostic_and_normalized_recipients()
    {
        var bounce = ParseFixture("bounce").Event;

        Assert.Equal("Permanent", bounce.BounceType);
        Assert.Equal("General", bounce.BounceSubType);
        Assert.Equal("smtp; 550 5.1.1 user unknown", bounce.DiagnosticCode);
        Assert.Equal(["recipient@example.com"], bounce.Recipients);
        Assert.Equal("Sender Name <sender@example.com>", bounce.From);
        Assert.Equal("Message sent from Amazon SES", bounce.Subject);
        Assert.Equal(DateTimeOffset.Parse("2017-08-05T00:40:02.012Z", System.Globalization.CultureInfo.InvariantCulture), bounce.SentAt);
        Assert.Equal(["ConfigSet"], bounce.Tags["ses:configuration-set"]);
        Assert.Equal(["acme"], bounce.Tags["el_tenant"]);
    }

    [Fact]
    public void A_delivery_names_its_recipient_and_keeps_every_recipient_of_the_message_as_the_destination()
    {
        var sesEvent = SesEventFixtures.Event("delivery");
        sesEvent["detail"]!["mail"]!["destination"] = new System.Text.Json.Nodes.JsonArray("ann@example.com", "Bob <BOB@Example.com>", "cy@example.com");
        sesEvent["detail"]!["delivery"]!["recipients"] = new System.Text.Json.Nodes.JsonArray("Bob <BOB@Example.com>");

        var delivery = SesEventParser.Parse(System.Text.Json.JsonDocument.Parse(sesEvent.ToJsonString()).RootElement, 0, ReceivedAt).Event;

        Assert.Equal(["bob@example.com"], delivery.Recipients);
        Assert.Equal(["ann@example.com", "bob@example.com", "cy@example.com"], delivery.Destination);
    }

    [Fact]
    public void A_complaint_keeps_its_feedback_type_and_user_agent()
    {
        var complaint = ParseFixture("complaint").Event;

        Assert.Equal("abuse", complaint.ComplaintFeedbackType);
        Assert.Contains("Chrome/60", complaint.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public void Opens_and_clicks_keep_ip_user_agent_and_link()
    {
        var open = ParseFixture("open").Event;
        var click = ParseFixture("click").Event;

        Assert.Equal("192.0.2.1", open.IpAddress);
        Assert.Contains("iPhone", open.UserAgent, StringComparison.Ordinal);
        Assert.Null(open.ClickLink);
        Assert.Equal("192.0.2.1", click.IpAddress);
        Assert.Equal("http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html", click.ClickLink);
    }

    [Fact]
    public void Rejects_rendering_failures_and_delays_keep_their_reason()
    {
        Assert.Equal("Bad content", ParseFixture("reject").Event.Reason);
        Assert.Equal("Attribute 'attributeName' is not present in the rendering data.", ParseFixture("rendering-failure").Event.Reason);
        var delay = ParseFixture("delivery-delay").Event;
        Assert.Equal("TransientCommunicationFailure", delay.DelayType);
        Assert.Equal("smtp; 421 4.4.1 Unable to connect to remote host", delay.DiagnosticCode);
    }

    [Fact]
    public void The_detail_type_names_the_event_when_eventType_is_absent()
    {
        var envelope = SesEventFixtures.Event("complaint");
        envelope["detail"]!.AsObject().Remove("eventType");

        Assert.Equal(SesEventType.Complaint, Parse(envelope.ToJsonString()).Single().Event.Type);
    }

    [Theory]
    [InlineData(true, "OptOut", "OptIn", true)]
    [InlineData(false, "OptOut", "OptIn", true)]
    [InlineData(false, "OptOut", null, true)]
    [InlineData(false, "OptOut", "OptOut", false)]
    [InlineData(false, "OptIn", "OptOut", false)]
    public void A_subscription_event_opts_out_when_it_unsubscribes_all_or_turns_a_topic_away(bool unsubscribeAll, string newStatus, string? oldStatus, bool optsOut)
    {
        var envelope = SesEventFixtures.Event("subscription");
        var subscription = envelope["detail"]!["subscription"]!.AsObject();
        subscription["newTopicPreferences"]!["unsubscribeAll"] = unsubscribeAll;
        subscription["newTopicPreferences"]!["topicSubscriptionStatus"]![0]!["subscriptionStatus"] = newStatus;
        if (oldStatus is null)
        {
            subscription.Remove("oldTopicPreferences");
        }
        else
        {
            subscription["oldTopicPreferences"]!["topicSubscriptionStatus"]![0]!["subscriptionStatus"] = oldStatus;
        }

        var parsed = Parse(envelope.ToJsonString()).Single();

        Assert.Equal(optsOut, parsed.OptsOut);
        Assert.Equal(unsubscribeAll, parsed.UnsubscribesAll);
    }

    [Fact]
    public void An_untagged_mail_has_no_tenant_tag()
    {
        var parsed = Parse(SesEventFixtures.Event("delivery").WithoutTenantTag().ToJsonString()).Single();

        Assert.Null(parsed.TenantTag);
    }

    [Fact]
    public void A_batch_keeps_each_event_raw_and_in_order()
    {
        var body = $"[{SesEventFixtures.Text("send")},\n{SesEventFixtures.Text("delivery")}]";

        var batch = Parse(body);

        Assert.Equal([SesEventType.Send, SesEventType.Delivery], batch.Select(p => p.Event.Type));
        Assert.Equal(SesEventFixtures.Text("delivery").TrimEnd(), batch[1].Event.RawJson);
    }

    [Fact]
    public void Attribution_sets_the_tenant_and_its_retention()
    {
        var parsed = ParseFixture("bounce");
        var tenant = new Tenant { Id = "acme", Name = "Acme", ExternalId = "x", EventRetentionDays = 30 };

        var sesEvent = parsed.AttributeTo(tenant);

        Assert.Equal("acme", sesEvent.TenantId);
        Assert.Equal(ReceivedAt.AddDays(30), sesEvent.ExpiresAt);
    }

    [Theory]
    [InlineData("{\"id\": ", "not valid JSON")]
    [InlineData("\"hello\"", "JSON string")]
    [InlineData("[1]", "Event 0")]
    public void A_body_that_is_not_events_is_refused(string body, string mentioned)
    {
        var e = Assert.Throws<SesEventFormatException>(() => Parse(body));

        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("source", "aws.events", "source")]
    [InlineData("account", "12345", "account")]
    [InlineData("id", "", "id")]
    [InlineData("time", "yesterday", "time")]
    public void An_envelope_field_that_is_wrong_is_named(string field, string value, string mentioned)
    {
        var envelope = SesEventFixtures.Event("send");
        envelope[field] = value;

        var e = Assert.Throws<SesEventFormatException>(() => Parse(envelope.ToJsonString()));

        Assert.Equal(0, e.Index);
        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_event_type_is_refused_with_the_index_of_the_event()
    {
        var unknown = SesEventFixtures.Event("send");
        unknown["detail"]!["eventType"] = "Teleport";
        var body = new JsonArray(SesEventFixtures.Event("send"), SesEventFixtures.Event("delivery"), unknown).ToJsonString();

        var e = Assert.Throws<SesEventFormatException>(() => Parse(body));

        Assert.Equal(2, e.Index);
        Assert.Contains("Event 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("Teleport", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_SES_service_event_that_is_not_about_mail_is_refused()
    {
        var advisor = SesEventFixtures.Event("send");
        advisor["detail-type"] = "Advisor Recommendation Status Open";
        advisor["detail"] = new JsonObject { ["recommendation"] = "x" };

        var e = Assert.Throws<SesEventFormatException>(() => Parse(advisor.ToJsonString()));

        Assert.Contains("Advisor Recommendation Status Open", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_message_id_is_named()
    {
        var envelope = SesEventFixtures.Event("delivery");
        envelope["detail"]!["mail"]!.AsObject().Remove("messageId");

        var e = Assert.Throws<SesEventFormatException>(() => Parse(envelope.ToJsonString()));

        Assert.Contains("detail.mail.messageId", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bounce_without_its_bounce_object_is_refused()
    {
        var envelope = SesEventFixtures.Event("bounce");
        envelope["detail"]!.AsObject().Remove("bounce");

        var e = Assert.Throws<SesEventFormatException>(() => Parse(envelope.ToJsonString()));

        Assert.Contains("detail.bounce", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_that_are_not_lists_of_strings_are_named()
    {
        var envelope = SesEventFixtures.Event("send");
        envelope["detail"]!["mail"]!["tags"]!["el_tenant"] = 42;

        var e = Assert.Throws<SesEventFormatException>(() => Parse(envelope.ToJsonString()));

        Assert.Contains("detail.mail.tags.el_tenant", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_larger_than_the_limit_is_refused()
    {
        var body = new JsonArray(SesEventFixtures.Event("send"), SesEventFixtures.Event("delivery"), SesEventFixtures.Event("open")).ToJsonString();

        var e = Assert.Throws<SesEventFormatException>(() => SesEventParser.ParseBody(Encoding.UTF8.GetBytes(body), ReceivedAt, maxBatchSize: 2));

        Assert.Contains("at most 2", e.Message, StringComparison.Ordinal);
    }

    private static ParsedSesEvent ParseFixture(string name) => Parse(SesEventFixtures.Text(name)).Single();

    private static IReadOnlyList<ParsedSesEvent> Parse(string body) =>
        SesEventParser.ParseBody(Encoding.UTF8.GetBytes(body), ReceivedAt, maxBatchSize: 100);
}
