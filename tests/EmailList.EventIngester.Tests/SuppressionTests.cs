using System.Globalization;
using System.Text.Json.Nodes;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class SuppressionTests(IngesterFixture fixture)
{
    [Fact]
    public async Task A_permanent_bounce_suppresses_the_recipient_linked_to_the_event()
    {
        var tenant = await fixture.CreateTenantAsync();
        var bounce = IngesterFixture.EventOf(tenant, "bounce").WithRecipient("Gone@Example.org");

        await (await fixture.PostAsync(bounce)).CountsAsync();

        var entry = await fixture.Suppressions.GetAsync(tenant.Id, "gone@example.org", CancellationToken.None);
        Assert.NotNull(entry);
        Assert.Equal(SuppressionReason.Bounce, entry.Reason);
        Assert.Equal("ses-event:" + (string)bounce["id"]!, entry.Source);
    }

    [Fact]
    public async Task A_complaint_suppresses_the_recipient()
    {
        var tenant = await fixture.CreateTenantAsync();
        var complaint = IngesterFixture.EventOf(tenant, "complaint").WithRecipient("angry@example.org");

        await (await fixture.PostAsync(complaint)).CountsAsync();

        var entry = await fixture.Suppressions.GetAsync(tenant.Id, "angry@example.org", CancellationToken.None);
        Assert.Equal(SuppressionReason.Complaint, entry?.Reason);
        Assert.Equal("ses-event:" + (string)complaint["id"]!, entry?.Source);
    }

    [Fact]
    public async Task Unsubscribing_from_all_topics_suppresses_the_recipient_as_unsubscribed()
    {
        var tenant = await fixture.CreateTenantAsync();
        // AWS's sample Subscription record: newTopicPreferences.unsubscribeAll is true.
        var subscription = IngesterFixture.EventOf(tenant, "subscription").WithRecipient("Leaving@Example.org");

        await (await fixture.PostAsync(subscription)).CountsAsync();

        var entry = await fixture.Suppressions.GetAsync(tenant.Id, "leaving@example.org", CancellationToken.None);
        Assert.Equal(SuppressionReason.Unsubscribe, entry?.Reason);
        Assert.Equal("ses-event:" + (string)subscription["id"]!, entry?.Source);
    }

    [Fact]
    public async Task A_subscription_change_that_keeps_some_topics_suppresses_nobody()
    {
        var tenant = await fixture.CreateTenantAsync();
        var subscription = IngesterFixture.EventOf(tenant, "subscription").WithRecipient("staying@example.org");
        subscription["detail"]!["subscription"]!["newTopicPreferences"]!["unsubscribeAll"] = false;

        await (await fixture.PostAsync(subscription)).CountsAsync();

        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "staying@example.org", CancellationToken.None));
    }

    [Fact]
    public async Task An_unsubscribe_from_a_mail_to_several_recipients_suppresses_nobody_it_cannot_name()
    {
        var tenant = await fixture.CreateTenantAsync();
        var subscription = IngesterFixture.EventOf(tenant, "subscription");
        subscription["detail"]!["mail"]!["destination"] = new JsonArray("one@example.org", "two@example.org");

        await (await fixture.PostAsync(subscription)).CountsAsync();

        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "one@example.org", CancellationToken.None));
        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "two@example.org", CancellationToken.None));
    }

    [Fact]
    public async Task Deliveries_opens_and_delays_suppress_nobody()
    {
        var tenant = await fixture.CreateTenantAsync();

        foreach (var name in new[] { "delivery", "open", "click", "delivery-delay", "reject" })
        {
            await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, name).WithRecipient("happy@example.org"))).CountsAsync();
        }

        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "happy@example.org", CancellationToken.None));
    }

    [Fact]
    public async Task The_third_transient_bounce_within_the_window_suppresses()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;

        // An old one outside the 7-day window does not count.
        await PostTransientBounce(tenant, now.AddDays(-8));
        await PostTransientBounce(tenant, now.AddHours(-2));
        await PostTransientBounce(tenant, now.AddHours(-1));
        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "full@example.org", CancellationToken.None));

        var third = await PostTransientBounce(tenant, now.AddMinutes(-1));

        var entry = await fixture.Suppressions.GetAsync(tenant.Id, "full@example.org", CancellationToken.None);
        Assert.NotNull(entry);
        Assert.Equal(SuppressionReason.Bounce, entry.Reason);
        Assert.Equal($"ses-event:{third}:transient-threshold", entry.Source);
    }

    [Fact]
    public async Task A_redelivered_transient_bounce_is_not_counted_twice()
    {
        var tenant = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        var eventId = await PostTransientBounce(tenant, now.AddHours(-1));
        await PostTransientBounce(tenant, now.AddHours(-1), eventId);
        await PostTransientBounce(tenant, now.AddMinutes(-30));

        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "full@example.org", CancellationToken.None));
    }

    [Fact]
    public async Task A_bounce_leaves_an_existing_suppression_as_it_was()
    {
        var tenant = await fixture.CreateTenantAsync();
        var manual = new SuppressionEntry(tenant.Id, "kept@example.org", SuppressionReason.Manual, "api", DateTimeOffset.UtcNow.AddDays(-1));
        await fixture.Suppressions.PutAsync(manual, CancellationToken.None);

        await (await fixture.PostAsync(IngesterFixture.EventOf(tenant, "bounce").WithRecipient("kept@example.org"))).CountsAsync();

        var entry = await fixture.Suppressions.GetAsync(tenant.Id, "kept@example.org", CancellationToken.None);
        Assert.Equal(SuppressionReason.Manual, entry?.Reason);
        Assert.Equal("api", entry?.Source);
    }

    private async Task<string> PostTransientBounce(Tenant tenant, DateTimeOffset at, string? eventId = null)
    {
        var bounce = IngesterFixture.EventOf(tenant, "bounce").WithRecipient("full@example.org");
        eventId ??= Guid.NewGuid().ToString();
        bounce["id"] = eventId;
        var details = bounce["detail"]!["bounce"]!.AsObject();
        details["bounceType"] = "Transient";
        details["bounceSubType"] = "MailboxFull";
        details["timestamp"] = at.ToString("O", CultureInfo.InvariantCulture);
        bounce["time"] = at.ToString("O", CultureInfo.InvariantCulture);
        await (await fixture.PostAsync((JsonNode)bounce)).CountsAsync();
        return eventId;
    }
}
