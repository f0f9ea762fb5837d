using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Ses;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Dispatcher.Tests;

public sealed class ScheduledMailDispatcherTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_due_mail_is_sent_once_and_marked_sent_with_the_ses_message_id()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow());

        var claim = Assert.Single(await rig.ClaimAsync());
        await rig.Dispatcher.DispatchAsync(claim, default);

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Sent, stored.Status);
        Assert.Equal("ses-1", stored.MessageId);
        Assert.Single(rig.Ses.Sent);
    }

    [Fact]
    public async Task A_throttled_mail_is_released_for_later_neither_sent_nor_failed()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow());
        rig.Ses.Next.Enqueue(new SesException(SesErrorKind.Throttled, "TooManyRequestsException", "Maximum sending rate exceeded."));

        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync()), default);

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Scheduled, stored.Status);
        Assert.Null(stored.FailureReason);
        Assert.Empty(rig.Ses.Sent);
        Assert.Empty(await rig.ClaimAsync()); // backed off: not due again at once
        _time.Advance(rig.Options.Backoff * 1.3);
        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync()), default);
        Assert.Equal(ScheduledMailStatus.Sent, (await rig.GetAsync(mail)).Status);
    }

    [Fact]
    public async Task An_offboarded_tenants_mail_is_failed_with_a_reason_it_can_read_and_not_sent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("gone"); // scheduled while it existed
        var mail = await rig.ScheduleAsync("gone", _time.GetUtcNow());
        await using (var connection = await rig.Database.OpenAsync(default))
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM tenants WHERE id = 'gone'";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync()), default);

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Failed, stored.Status);
        Assert.Contains("offboarded", stored.FailureReason, StringComparison.Ordinal);
        Assert.Empty(rig.Ses.Sent);
    }

    [Fact]
    public async Task A_suspended_tenants_mail_is_failed_and_not_sent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        var tenant = await rig.AddTenantAsync("paused");
        var mail = await rig.ScheduleAsync("paused", _time.GetUtcNow());
        await rig.Tenants.UpdateAsync(tenant with { Status = TenantStatus.Suspended }, default);

        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync()), default);

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Failed, stored.Status);
        Assert.Contains("suspended", stored.FailureReason, StringComparison.Ordinal);
        Assert.Empty(rig.Ses.Sent);
    }

    [Fact]
    public async Task A_mail_whose_every_recipient_was_suppressed_after_scheduling_fails_and_names_them()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow(), "gone@example.com");
        await new SuppressionList(rig.Suppression, new StoreSuppressionLookup(rig.Suppression), _time)
            .AddAsync("acme", "gone@example.com", SuppressionReason.Bounce, "test", default);

        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync()), default);

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Failed, stored.Status);
        Assert.Equal("Every recipient is suppressed: gone@example.com.", stored.FailureReason);
        Assert.Empty(rig.Ses.Sent);
    }

    [Fact]
    public async Task A_message_ses_rejects_fails_with_ses_reason()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow());
        rig.Ses.Next.Enqueue(new SesException(SesErrorKind.MessageRejected, "MessageRejected", "Email address is not verified."));

        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync()), default);

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Failed, stored.Status);
        Assert.Equal("SES refused the message (MessageRejected): Email address is not verified.", stored.FailureReason);
    }

    [Fact]
    public async Task Ses_unavailable_releases_the_mail_to_be_tried_again_and_a_timeout_waits_for_the_send_event_instead()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var down = await rig.ScheduleAsync("acme", _time.GetUtcNow());
        rig.Ses.Next.Enqueue(new SesException(SesErrorKind.Unavailable, "InternalFailure", "SES answered 500."));
        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync()), default);
        Assert.Equal(ScheduledMailStatus.Scheduled, (await rig.GetAsync(down)).Status);
        Assert.Null((await rig.GetAsync(down)).HandedToSesAt);

        var timedOut = await rig.ScheduleAsync("acme", _time.GetUtcNow().AddHours(1));
        _time.Advance(TimeSpan.FromHours(1));
        rig.Ses.Next.Enqueue(new SesException(SesErrorKind.Unavailable, "RequestTimeout", "ses did not answer SendEmail within 10 s."));
        var claim = (await rig.ClaimAsync()).Single(c => c.Mail.Id == timedOut.Id);
        await rig.Dispatcher.DispatchAsync(claim, default);

        var stored = await rig.GetAsync(timedOut);
        Assert.Equal(ScheduledMailStatus.Sending, stored.Status); // held: GET /mail/{id} says "sending", PATCH and DELETE are too late
        Assert.Equal(_time.GetUtcNow(), stored.HandedToSesAt);
        Assert.Null(stored.FailureReason);
        Assert.DoesNotContain(await rig.ClaimAsync(), c => c.Mail.Id == timedOut.Id);
    }

    [Fact]
    public async Task A_crash_after_SES_accepted_is_not_sent_again_and_its_send_event_marks_it_sent_with_the_accepted_id()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow());
        rig.Ses.DieAfterNextAccept = true;

        // The victim hands the mail to SES, SES accepts it, and the victim never gets to MarkSent.
        _ = rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync("victim")), default);
        await Eventually.TrueAsync(() => Task.FromResult(rig.Ses.Sent.Count == 1), "SES accepted the victim's send", TimeSpan.FromSeconds(10));
        var accepted = Assert.Single(rig.Ses.Sent);
        Assert.Contains(new KeyValuePair<string, string>(MessageTags.ScheduledMail, mail.Id), accepted.Tags);

        // Its lease runs out; the survivor claims it and holds it for the Send event instead of sending it again.
        _time.Advance(rig.Options.Lease + TimeSpan.FromSeconds(1));
        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync("survivor")), default);
        Assert.Single(rig.Ses.Sent);
        Assert.Equal(ScheduledMailStatus.Sending, (await rig.GetAsync(mail)).Status);
        Assert.Empty(await rig.ClaimAsync("survivor"));

        // The Send event comes back carrying the tag (what ScheduledMailConfirmer does with it).
        var tag = accepted.Tags.Single(t => t.Key == MessageTags.ScheduledMail).Value;
        Assert.True(await rig.Store.ObserveAcceptedAsync("acme", tag, "ses-1", _time.GetUtcNow(), default));

        var sent = await rig.GetAsync(mail);
        Assert.Equal((ScheduledMailStatus.Sent, "ses-1"), (sent.Status, sent.MessageId));
        _time.Advance(rig.Options.AcceptanceWindow * 2);
        Assert.Empty(await rig.ClaimAsync("survivor"));
        Assert.Single(rig.Ses.Sent);
    }

    [Fact]
    public async Task Without_a_send_event_an_unconfirmed_mail_is_failed_after_the_window_not_resent_and_a_late_event_still_marks_it_sent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow());
        rig.Ses.DieAfterNextAccept = true;
        var handedAt = _time.GetUtcNow();
        _ = rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync("victim")), default);
        await Eventually.TrueAsync(() => Task.FromResult(rig.Ses.Sent.Count == 1), "SES accepted the victim's send", TimeSpan.FromSeconds(10));

        _time.Advance(rig.Options.Lease + TimeSpan.FromSeconds(1));
        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync("survivor")), default);
        Assert.Empty(await rig.ClaimAsync("survivor"));

        // The window passes with no event (the ingester is down, say): claimed again, failed as unconfirmed, not resent.
        _time.Advance(handedAt + rig.Options.AcceptanceWindow - _time.GetUtcNow());
        await rig.Dispatcher.DispatchAsync(Assert.Single(await rig.ClaimAsync("survivor")), default);

        var failed = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Failed, failed.Status);
        Assert.Contains("not sent again", failed.FailureReason, StringComparison.Ordinal);
        Assert.Single(rig.Ses.Sent);
        Assert.Empty(await rig.ClaimAsync("survivor"));

        // The ingester catches up hours later: the event still confirms it.
        _time.Advance(TimeSpan.FromHours(3));
        Assert.True(await rig.Store.ObserveAcceptedAsync("acme", mail.Id, "ses-1", handedAt, default));
        var sent = await rig.GetAsync(mail);
        Assert.Equal((ScheduledMailStatus.Sent, "ses-1", (string?)null), (sent.Status, sent.MessageId, sent.FailureReason));
    }

    [Fact]
    public async Task A_claim_lost_to_another_instance_is_logged_and_does_not_overwrite_the_new_owner()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow());
        var stale = Assert.Single(await rig.ClaimAsync("first"));
        _time.Advance(rig.Options.Lease + TimeSpan.FromSeconds(1));
        var current = Assert.Single(await rig.ClaimAsync("second"));
        rig.Ses.Next.Enqueue(new SesException(SesErrorKind.MessageRejected, "MessageRejected", "No."));

        await rig.Dispatcher.DispatchAsync(stale, default);

        var stored = await rig.GetAsync(mail);
        Assert.Equal(ScheduledMailStatus.Sending, stored.Status);
        Assert.Null(stored.FailureReason);
        Assert.Contains(rig.Log.Entries, e => e.Id.Id == 7007 && e.Message.Contains(mail.Id, StringComparison.Ordinal));
        Assert.Equal("second", current.Owner);
    }

    [Fact]
    public async Task A_claim_whose_lease_is_nearly_over_is_given_back_unsent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var mail = await rig.ScheduleAsync("acme", _time.GetUtcNow());
        var claim = Assert.Single(await rig.ClaimAsync());
        _time.Advance(rig.Options.Lease - rig.Options.LeaseMargin + TimeSpan.FromSeconds(1));

        await rig.Dispatcher.DispatchAsync(claim, default);

        Assert.Empty(rig.Ses.Sent);
        Assert.Equal(ScheduledMailStatus.Scheduled, (await rig.GetAsync(mail)).Status);
    }

    [Fact]
    public async Task Tenant_bs_one_mail_is_not_held_back_by_tenant_as_many()
    {
        await using var rig = await DispatcherRig.StartAsync(TimeProvider.System, new DispatcherOptions { PollInterval = TimeSpan.FromMilliseconds(50), PerTenantLimit = 10 });
        rig.Ses.MaxSendRate = 2; // A's 30 mails take 15 s at two recipients a second
        await rig.AddTenantAsync("tenant-a");
        await rig.AddTenantAsync("tenant-b");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
        {
            await rig.ScheduleAsync("tenant-a", now.AddSeconds(-10).AddMilliseconds(i), "reader@a.example");
        }

        var b = await rig.ScheduleAsync("tenant-b", now, "reader@b.example");
        using var stop = new CancellationTokenSource();
        var running = rig.Dispatcher.RunAsync(stop.Token);

        await Eventually.TrueAsync(async () => (await rig.GetAsync(b)).Status == ScheduledMailStatus.Sent, "tenant B's mail being sent");
        var sentForA = rig.Ses.Sent.Count(e => e.Destination.To.Contains("reader@a.example"));
        await stop.CancelAsync();
        await running;

        Assert.True(sentForA < 10, $"tenant B waited for {sentForA} of tenant A's mails");
        // Stopping gave A's unsent claims back: another instance can take every one well before the 60 s lease runs
        // out (those claimed ahead of A's rate were given back for the seconds A's rate needs first).
        var unsent = 30 - rig.Ses.Sent.Count(e => e.Destination.To.Contains("reader@a.example"));
        var takenOver = await rig.Store.ClaimDueAsync(DateTimeOffset.UtcNow.AddSeconds(15), 100, 100, "next", TimeSpan.FromSeconds(5), default);
        Assert.Equal(unsent, takenOver.Count);
    }

    [Fact]
    public async Task A_tenant_whose_ses_rate_allows_it_is_fed_more_than_one_claim_per_poll()
    {
        // A poll a minute: only claiming again at once, while the tenant's rate has room, sends these 60 within seconds.
        await using var rig = await DispatcherRig.StartAsync(TimeProvider.System, new DispatcherOptions { PollInterval = TimeSpan.FromSeconds(5), PerTenantLimit = 10 });
        rig.Ses.MaxSendRate = 1000;
        await rig.AddTenantAsync("tenant-a");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 60; i++)
        {
            await rig.ScheduleAsync("tenant-a", now.AddSeconds(-1).AddMilliseconds(i));
        }

        using var stop = new CancellationTokenSource();
        var running = rig.Dispatcher.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => Task.FromResult(rig.Ses.Sent.Count == 60), "all 60 sent", TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_slow_tenant_holds_no_more_claims_than_its_rate_sends_in_the_claim_ahead_time()
    {
        await using var rig = await DispatcherRig.StartAsync(TimeProvider.System,
            new DispatcherOptions { PollInterval = TimeSpan.FromMilliseconds(20), PerTenantLimit = 5, ClaimAhead = TimeSpan.FromSeconds(2) });
        rig.Ses.MaxSendRate = 4; // 8 recipients in hand at most
        await rig.AddTenantAsync("tenant-a");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 40; i++)
        {
            await rig.ScheduleAsync("tenant-a", now.AddSeconds(-1).AddMilliseconds(i));
        }

        using var stop = new CancellationTokenSource();
        var running = rig.Dispatcher.RunAsync(stop.Token);
        var most = 0;
        var until = DateTime.UtcNow.AddSeconds(1.5);
        while (DateTime.UtcNow < until)
        {
            most = Math.Max(most, rig.Dispatcher.InHand);
            await Task.Delay(5);
        }

        await stop.CancelAsync();
        await running;
        Assert.InRange(most, 1, 8);
    }
}
