using EmailList.Core.Broadcasts;
using EmailList.Core.Events;
using EmailList.Core.Lists;
using EmailList.Core.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Dispatcher.Tests;

/// <summary>The expander queues a broadcast's recipients for the dispatcher, counts its progress and ends it.</summary>
public sealed class BroadcastExpanderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Every_subscriber_in_the_segment_is_queued_once_and_sent_once_and_the_broadcast_ends_sent_with_its_counts()
    {
        await using var rig = await DispatcherRig.StartAsync(_time, broadcastOptions: new BroadcastOptions { PageSize = 3, CacheDuration = TimeSpan.Zero });
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        var pro = new List<Contact>();
        for (var i = 0; i < 7; i++)
        {
            pro.Add(await rig.SubscribeAsync(list, $"pro{i}@example.com", """{"plan":"pro"}"""));
        }

        await rig.SubscribeAsync(list, "free@example.com", """{"plan":"free"}""");
        await rig.SubscribeAsync(list, "pending@example.com", """{"plan":"pro"}""", SubscriptionStatus.Pending);
        var leaving = await rig.SubscribeAsync(list, "leaving@example.com", """{"plan":"pro"}""");
        var broadcast = await rig.AddBroadcastAsync(list, BroadcastStatus.Scheduled, segment: """{"plan":"pro"}""");

        await rig.Expander.TickAsync(default); // starts it and queues everyone (the window is far larger than the list)
        Assert.Equal(BroadcastStatus.Sending, (await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!.Status);
        await rig.Contacts.UnsubscribeAsync("acme", list.Id, leaving.Id, "one-click", _time.GetUtcNow(), default);
        await rig.DispatchDueAsync();
        _time.Advance(rig.BroadcastOptions.ProgressInterval);
        await rig.Expander.TickAsync(default);

        var done = (await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!;
        Assert.Equal(BroadcastStatus.Sent, done.Status);
        Assert.True(done.Expanded);
        Assert.Equal(_time.GetUtcNow(), done.CompletedAt);
        Assert.Equal(new BroadcastProgress(0, 7, 1, 0, done.Progress.RatePerSecond, _time.GetUtcNow()), done.Progress);
        Assert.Equal(pro.Select(c => c.Email).Order(), rig.Ses.Sent.SelectMany(s => s.Destination.To).Order());
    }

    [Fact]
    public async Task An_expansion_interrupted_after_queuing_and_before_writing_its_cursor_queues_nobody_twice_and_nobody_is_left_out()
    {
        await using var rig = await DispatcherRig.StartAsync(_time, broadcastOptions: new BroadcastOptions { PageSize = 4, CacheDuration = TimeSpan.Zero });
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        for (var i = 0; i < 10; i++)
        {
            await rig.SubscribeAsync(list, $"reader{i}@example.com");
        }

        var broadcast = await rig.AddBroadcastAsync(list);
        var crashing = new CrashingBroadcastStore(rig.Broadcasts) { FailCursorWrites = 1 };
        var crashed = rig.ExpanderOn(crashing);

        await crashed.TickAsync(default); // queued the first page, then "crashed" before writing the cursor
        Assert.Equal(4, (await rig.Store.CountBroadcastAsync("acme", broadcast.Id, default)).Values.Sum());
        Assert.Null((await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!.ExpansionCursor);

        var adds = new CountingMailStore(rig.Store);
        var next = rig.ExpanderOn(rig.Broadcasts, adds);
        _time.Advance(rig.BroadcastOptions.ExpansionLease); // the crashed instance's lease runs out
        await next.TickAsync(default);

        Assert.Equal([0, 4, 2], adds.Added); // the first page again adds nothing
        Assert.Equal(10, (await rig.Store.CountBroadcastAsync("acme", broadcast.Id, default)).Values.Sum());
        await rig.DispatchDueAsync();
        Assert.Equal(10, rig.Ses.Sent.Count);
        Assert.Equal(10, rig.Ses.Sent.SelectMany(s => s.Destination.To).Distinct().Count());
    }

    [Fact]
    public async Task Only_a_window_ahead_of_sending_is_queued_and_more_follows_as_it_is_sent()
    {
        await using var rig = await DispatcherRig.StartAsync(_time, broadcastOptions: new BroadcastOptions
        {
            PageSize = 5,
            MinimumWindow = 5,
            Window = TimeSpan.FromSeconds(1),
            CacheDuration = TimeSpan.Zero,
        });
        rig.Ses.MaxSendRate = 1; // paced at 0.98/s: a 1-second window is the minimum of 5
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        for (var i = 0; i < 12; i++)
        {
            await rig.SubscribeAsync(list, $"reader{i}@example.com");
        }

        var broadcast = await rig.AddBroadcastAsync(list);

        await rig.Expander.TickAsync(default);
        Assert.Equal(5, (await rig.Store.CountBroadcastAsync("acme", broadcast.Id, default)).Values.Sum());
        await rig.Expander.TickAsync(default);
        Assert.Equal(5, (await rig.Store.CountBroadcastAsync("acme", broadcast.Id, default)).Values.Sum());

        await rig.DispatchDueAsync();
        _time.Advance(rig.BroadcastOptions.ProgressInterval); // the next count sees them sent
        await rig.Expander.TickAsync(default);
        Assert.Equal(10, (await rig.Store.CountBroadcastAsync("acme", broadcast.Id, default)).Values.Sum());
    }

    [Fact]
    public async Task A_sending_broadcast_pauses_itself_saying_why_when_the_tenants_bounce_rate_nears_the_review_threshold()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        await rig.SubscribeAsync(list, "reader@example.com");
        var broadcast = await rig.AddBroadcastAsync(list);
        await AddEventsAsync(rig, "acme", SesEventType.Send, 200);
        await AddEventsAsync(rig, "acme", SesEventType.Bounce, 8); // 4 %

        await rig.Expander.TickAsync(default);

        var paused = (await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!;
        Assert.Equal(BroadcastStatus.Paused, paused.Status);
        Assert.Contains("8 of 200 recipients bounced", paused.PauseReason, StringComparison.Ordinal);
        Assert.Empty(await rig.ClaimAsync()); // nothing was queued
    }

    [Fact]
    public async Task Rates_below_the_thresholds_or_on_too_few_sends_do_not_pause_a_broadcast()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        await rig.AddTenantAsync("small");
        var list = await rig.AddListAsync("acme");
        var small = await rig.AddListAsync("small");
        await rig.SubscribeAsync(list, "reader@example.com");
        await rig.SubscribeAsync(small, "reader@example.com");
        var broadcast = await rig.AddBroadcastAsync(list);
        var few = await rig.AddBroadcastAsync(small);
        await AddEventsAsync(rig, "acme", SesEventType.Send, 200);
        await AddEventsAsync(rig, "acme", SesEventType.Bounce, 7);
        await AddEventsAsync(rig, "small", SesEventType.Send, 50);
        await AddEventsAsync(rig, "small", SesEventType.Complaint, 10);

        await rig.Expander.TickAsync(default);

        Assert.Equal(BroadcastStatus.Sending, (await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!.Status);
        Assert.Equal(BroadcastStatus.Sending, (await rig.Broadcasts.GetAsync("small", few.Id, default))!.Status);
    }

    [Fact]
    public async Task After_an_acknowledged_resume_the_guard_judges_only_what_was_sent_since_and_still_pauses_on_new_bounces()
    {
        await using var rig = await DispatcherRig.StartAsync(_time);
        await rig.AddTenantAsync("acme");
        var list = await rig.AddListAsync("acme");
        await rig.SubscribeAsync(list, "reader@example.com");
        var broadcast = await rig.AddBroadcastAsync(list);
        await AddEventsAsync(rig, "acme", SesEventType.Send, 200);
        await AddEventsAsync(rig, "acme", SesEventType.Bounce, 8); // 4 %, half an hour ago
        await rig.Expander.TickAsync(default);
        Assert.True(BroadcastGuard.PausedByGuard((await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!));

        // The tenant resumes, acknowledging the rates (what POST /broadcasts/{id}/resume with acknowledgeGuard does).
        _time.Advance(TimeSpan.FromMinutes(5));
        var acknowledgedAt = _time.GetUtcNow();
        await BroadcastTransitions.ApplyAsync(rig.Broadcasts, "acme", broadcast.Id,
            b => b with { Status = BroadcastStatus.Sending, PauseReason = null, GuardAcknowledgedAt = acknowledgedAt, UpdatedAt = acknowledgedAt }, default);
        _time.Advance(rig.BroadcastOptions.GuardCacheDuration + TimeSpan.FromSeconds(1));

        await rig.Expander.TickAsync(default);

        Assert.Equal(BroadcastStatus.Sending, (await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!.Status);
        var guard = new BroadcastGuard(rig.Events, Microsoft.Extensions.Options.Options.Create(rig.BroadcastOptions), _time);
        Assert.Contains("in the last 24 h", await guard.CheckAsync("acme", default), StringComparison.Ordinal); // the tenant's window is unchanged
        Assert.Null(await guard.CheckAsync("acme", acknowledgedAt, default));

        // New sends after the resume bounce as badly: paused again, saying it counted since the resume.
        await AddEventsAsync(rig, "acme", SesEventType.Send, 200, _time.GetUtcNow());
        await AddEventsAsync(rig, "acme", SesEventType.Bounce, 10, _time.GetUtcNow());
        _time.Advance(rig.BroadcastOptions.GuardCacheDuration + TimeSpan.FromSeconds(1));

        await rig.Expander.TickAsync(default);

        var paused = (await rig.Broadcasts.GetAsync("acme", broadcast.Id, default))!;
        Assert.Equal(BroadcastStatus.Paused, paused.Status);
        Assert.Contains("10 of 200 recipients bounced since the acknowledged resume", paused.PauseReason, StringComparison.Ordinal);
    }

    private async Task AddEventsAsync(DispatcherRig rig, string tenantId, SesEventType type, int count, DateTimeOffset? occurredAt = null)
    {
        for (var i = 0; i < count; i++)
        {
            var at = occurredAt ?? _time.GetUtcNow().AddMinutes(-30);
            Assert.True(await rig.Events.TryAddAsync(new SesEvent
            {
                TenantId = tenantId,
                EventId = Guid.NewGuid().ToString(),
                Type = type,
                OccurredAt = at,
                MessageId = "m-" + Guid.NewGuid().ToString("N"),
                SentAt = at,
                Recipients = [$"r{i}@example.com"],
                Destination = [$"r{i}@example.com"],
                RawJson = "{}",
                ReceivedAt = at,
                ExpiresAt = at.AddDays(30),
            }, default));
        }
    }

    /// <summary>Throws on the next cursor writes, as a process killed between queuing a page and writing its cursor would stop.</summary>
    private sealed class CrashingBroadcastStore(IBroadcastStore inner) : IBroadcastStore
    {
        public int FailCursorWrites { get; set; }
        public Task AddAsync(Broadcast broadcast, CancellationToken cancellationToken) => inner.AddAsync(broadcast, cancellationToken);
        public Task<Broadcast?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) => inner.GetAsync(tenantId, id, cancellationToken);
        public Task<BroadcastPage> ListAsync(string tenantId, BroadcastQuery query, CancellationToken cancellationToken) => inner.ListAsync(tenantId, query, cancellationToken);
        public Task<bool> TryUpdateAsync(Broadcast broadcast, CancellationToken cancellationToken) => inner.TryUpdateAsync(broadcast, cancellationToken);
        public Task<bool> DeleteDraftAsync(string tenantId, string id, CancellationToken cancellationToken) => inner.DeleteDraftAsync(tenantId, id, cancellationToken);
        public Task<IReadOnlyList<Broadcast>> ListActiveAsync(int limit, CancellationToken cancellationToken) => inner.ListActiveAsync(limit, cancellationToken);
        public Task<bool> TryLeaseExpansionAsync(string tenantId, string id, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            inner.TryLeaseExpansionAsync(tenantId, id, owner, now, leaseUntil, cancellationToken);
        public Task WriteProgressAsync(string tenantId, string id, BroadcastProgress progress, CancellationToken cancellationToken) =>
            inner.WriteProgressAsync(tenantId, id, progress, cancellationToken);

        public Task<bool> WriteExpansionAsync(string tenantId, string id, string owner, string? cursor, bool expanded, CancellationToken cancellationToken)
        {
            if (FailCursorWrites > 0)
            {
                FailCursorWrites--;
                throw new IOException("The process died here.");
            }

            return inner.WriteExpansionAsync(tenantId, id, owner, cursor, expanded, cancellationToken);
        }
    }

    /// <summary>Records what each AddMany call stored.</summary>
    private sealed class CountingMailStore(IScheduledMailStore inner) : IScheduledMailStore
    {
        public List<int> Added { get; } = [];

        public async Task<int> AddManyAsync(IReadOnlyList<ScheduledMail> mails, CancellationToken cancellationToken)
        {
            var added = await inner.AddManyAsync(mails, cancellationToken);
            Added.Add(added);
            return added;
        }

        public Task AddAsync(ScheduledMail mail, CancellationToken cancellationToken) => inner.AddAsync(mail, cancellationToken);
        public Task<ScheduledMail?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) => inner.GetAsync(tenantId, id, cancellationToken);
        public Task<ScheduledMailChange> RescheduleAsync(string tenantId, string id, DateTimeOffset scheduledAt, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RescheduleAsync(tenantId, id, scheduledAt, now, cancellationToken);
        public Task<ScheduledMailChange> CancelAsync(string tenantId, string id, DateTimeOffset now, CancellationToken cancellationToken) => inner.CancelAsync(tenantId, id, now, cancellationToken);
        public Task<IReadOnlyList<ScheduledMailClaim>> ClaimDueAsync(DateTimeOffset now, int limit, int perTenantLimit, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
            inner.ClaimDueAsync(now, limit, perTenantLimit, owner, lease, cancellationToken);
        public Task<bool> MarkSentAsync(ScheduledMailClaim claim, string messageId, IReadOnlyList<string> suppressed, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.MarkSentAsync(claim, messageId, suppressed, now, cancellationToken);
        public Task<bool> MarkFailedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken) => inner.MarkFailedAsync(claim, reason, now, cancellationToken);
        public Task<bool> ReleaseAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken) => inner.ReleaseAsync(claim, notBefore, cancellationToken);
        public Task<bool> MarkSkippedAsync(ScheduledMailClaim claim, string reason, DateTimeOffset now, CancellationToken cancellationToken) => inner.MarkSkippedAsync(claim, reason, now, cancellationToken);
        public Task<bool> DeferAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, CancellationToken cancellationToken) => inner.DeferAsync(claim, notBefore, cancellationToken);
        public Task<bool> MarkHandedToSesAsync(ScheduledMailClaim claim, DateTimeOffset now, CancellationToken cancellationToken) => inner.MarkHandedToSesAsync(claim, now, cancellationToken);
        public Task<bool> AwaitAcceptanceAsync(ScheduledMailClaim claim, DateTimeOffset until, CancellationToken cancellationToken) => inner.AwaitAcceptanceAsync(claim, until, cancellationToken);
        public Task<bool> ObserveAcceptedAsync(string tenantId, string id, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.ObserveAcceptedAsync(tenantId, id, messageId, now, cancellationToken);
        public Task<IReadOnlyDictionary<ScheduledMailStatus, int>> CountBroadcastAsync(string tenantId, string broadcastId, CancellationToken cancellationToken) =>
            inner.CountBroadcastAsync(tenantId, broadcastId, cancellationToken);
    }
}
