using EmailList.Core.Broadcasts;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Suppression;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Dispatcher.Tests;

/// <summary>A broadcast's mail as the dispatcher sends it: composed at send time from the contact and broadcast as they are then.</summary>
public sealed class BroadcastMailComposerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_subscribed_contact_gets_it_personalized_with_one_click_unsubscribe_headers_and_the_list_tags()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var jane = await rig.SubscribeAsync(list, "jane@example.com", """{"first_name":"Jane"}""");
        var broadcast = await rig.AddBroadcastAsync(list, content: new MessageContent
        {
            Subject = "Hello {{first_name}}",
            Text = "Hi {{first_name}}, leave: {{unsubscribe_url}}",
        });
        var mail = await rig.QueueAsync(broadcast, jane);

        await rig.DispatchDueAsync();

        Assert.Equal(ScheduledMailStatus.Sent, (await rig.GetAsync(mail)).Status);
        var sent = Assert.Single(rig.Ses.Sent);
        Assert.Equal(["jane@example.com"], sent.Destination.To);
        var tags = sent.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(broadcast.Id, tags[MessageTags.Broadcast]);
        Assert.Equal(list.Id, tags[MessageTags.List]);
        Assert.Equal(jane.Id, tags[MessageTags.Contact]);
        Assert.Equal("acme", tags[MessageTags.Tenant]);

        var mime = BroadcastRigExtensions.Mime(sent);
        Assert.Equal("Hello Jane", mime.Subject);
        Assert.Equal("replies@example.com", mime.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        var header = mime.Headers["List-Unsubscribe"]!;
        Assert.StartsWith("<https://lists.example.test/unsubscribe/", header, StringComparison.Ordinal);
        var token = header[("<https://lists.example.test/unsubscribe/".Length)..^1];
        var (status, read) = rig.Tokens.Read(token, ListTokenKind.Unsubscribe);
        Assert.Equal(ListTokenStatus.Valid, status);
        Assert.Equal(("acme", list.Id, jane.Id), (read!.TenantId, read.ListId, read.ContactId));
        Assert.Contains("Hi Jane, leave: https://lists.example.test/unsubscribe/" + token, mime.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_who_unsubscribed_after_being_queued_is_skipped_saying_so_and_not_sent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var jane = await rig.SubscribeAsync(list, "jane@example.com");
        var mail = await rig.QueueAsync(await rig.AddBroadcastAsync(list), jane);
        await rig.Contacts.UnsubscribeAsync("acme", list.Id, jane.Id, "one-click", _time.GetUtcNow(), default);

        await rig.DispatchDueAsync();

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Skipped, stored.Status);
        Assert.Equal(BroadcastMailComposer.UnsubscribedReason, stored.FailureReason);
        Assert.Empty(rig.Ses.Sent);
    }

    [Fact]
    public async Task Mail_of_a_paused_broadcast_waits_without_counting_an_attempt_and_goes_once_resumed()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var broadcast = await rig.AddBroadcastAsync(list);
        var mail = await rig.QueueAsync(broadcast, await rig.SubscribeAsync(list, "jane@example.com"));
        await rig.SetStatusAsync(broadcast, BroadcastStatus.Paused);

        for (var round = 0; round < 3; round++)
        {
            await rig.DispatchDueAsync();
            var waiting = await rig.GetAsync(mail);
            Assert.Equal(ScheduledMailStatus.Scheduled, waiting.Status);
            Assert.Equal(0, waiting.Attempts);
            Assert.Empty(await rig.ClaimAsync()); // not due again at once
            _time.Advance(rig.BroadcastOptions.PausedRetry);
        }

        Assert.Empty(rig.Ses.Sent);
        await rig.SetStatusAsync(broadcast, BroadcastStatus.Sending);
        await rig.DispatchDueAsync();
        Assert.Equal(ScheduledMailStatus.Sent, (await rig.GetAsync(mail)).Status);
        Assert.Single(rig.Ses.Sent);
    }

    [Fact]
    public async Task Mail_of_a_cancelled_broadcast_is_skipped_and_not_sent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var broadcast = await rig.AddBroadcastAsync(list);
        var mail = await rig.QueueAsync(broadcast, await rig.SubscribeAsync(list, "jane@example.com"));
        await rig.SetStatusAsync(broadcast, BroadcastStatus.Cancelled);

        await rig.DispatchDueAsync();

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Skipped, stored.Status);
        Assert.Equal(BroadcastMailComposer.CancelledReason, stored.FailureReason);
        Assert.Empty(rig.Ses.Sent);
    }

    [Fact]
    public async Task A_suppressed_contact_is_skipped_not_failed_and_not_sent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var mail = await rig.QueueAsync(await rig.AddBroadcastAsync(list), await rig.SubscribeAsync(list, "bounced@example.com"));
        await rig.Suppression.PutAsync(new SuppressionEntry("acme", "bounced@example.com", SuppressionReason.Bounce, "test", _time.GetUtcNow()), default);

        await rig.DispatchDueAsync();

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Skipped, stored.Status);
        Assert.Contains("suppressed", stored.FailureReason, StringComparison.Ordinal);
        Assert.Empty(rig.Ses.Sent);
    }

    [Fact]
    public async Task Mail_waits_while_the_24_hour_quota_would_run_out_and_goes_once_it_allows()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        rig.Ses.Max24HourSend = 1000;
        rig.Ses.SentLast24Hours = 960; // within the 5 % kept for transactional mail
        var list = await rig.AddListAsync("acme");
        var mail = await rig.QueueAsync(await rig.AddBroadcastAsync(list), await rig.SubscribeAsync(list, "jane@example.com"));

        await rig.DispatchDueAsync();

        var waiting = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Scheduled, waiting.Status);
        Assert.Equal(0, waiting.Attempts);
        Assert.Empty(rig.Ses.Sent);

        rig.Ses.SentLast24Hours = 100; // the window moved on; read again after the refresh interval
        _time.Advance(TimeSpan.FromMinutes(5));
        await rig.DispatchDueAsync();
        Assert.Equal(ScheduledMailStatus.Sent, (await rig.GetAsync(mail)).Status);
    }

    [Fact]
    public async Task A_contact_whose_attributes_do_not_render_the_broadcast_fails_saying_why()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var broadcast = await rig.AddBroadcastAsync(list, content: new MessageContent { Subject = "Hello {{first_name}}", Text = "Hi" });
        var mail = await rig.QueueAsync(broadcast, await rig.SubscribeAsync(list, "nameless@example.com"));

        await rig.DispatchDueAsync();

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Failed, stored.Status);
        Assert.Contains("first_name", stored.FailureReason, StringComparison.Ordinal);
        Assert.Empty(rig.Ses.Sent);
    }

    [Fact]
    public async Task A_contact_erased_after_being_queued_is_skipped()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var jane = await rig.SubscribeAsync(list, "jane@example.com");
        var mail = await rig.QueueAsync(await rig.AddBroadcastAsync(list), jane);
        Assert.True(await rig.Contacts.EraseAsync("acme", jane.Id, _time.GetUtcNow(), default));

        await rig.DispatchDueAsync();

        Assert.Equal(ScheduledMailStatus.Skipped, (await rig.GetAsync(mail)).Status);
        Assert.Empty(rig.Ses.Sent);
    }
}
