using System.Collections.Concurrent;
using EmailList.Core.Scheduling;

namespace EmailList.Testing.Contracts;

/// <summary>
/// What every <see cref="IScheduledMailStore"/> must do; derive once per implementation. Claims serve every tenant, so
/// each test gets a store on empty storage of its own.
/// </summary>
public abstract class ScheduledMailStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly string[] NoneSuppressed = [];

    /// <summary>A store on empty storage that no other test uses.</summary>
    protected abstract Task<IScheduledMailStore> CreateEmptyStoreAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task An_added_mail_reads_back_field_for_field_as_scheduled()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0.AddTicks(1234567)) with { Content = "{\"subject\":\"Grüße ✉\"}", Recipients = 3 };

        await store.AddAsync(mail, None);

        var read = await store.GetAsync(mail.TenantId, mail.Id, None);
        AssertSame(mail, read);
        Assert.Equal(ScheduledMailStatus.Scheduled, read!.Status);
        Assert.Equal(0, read.Attempts);
    }

    [Fact]
    public async Task Adding_an_id_that_exists_is_refused_and_keeps_the_first()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);

        await Assert.ThrowsAnyAsync<Exception>(() => store.AddAsync(mail with { Content = "{\"other\":true}" }, None));

        Assert.Equal(mail.Content, (await store.GetAsync(mail.TenantId, mail.Id, None))!.Content);
    }

    [Fact]
    public async Task Another_tenants_id_is_not_found_for_reading_rescheduling_or_cancelling()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0.AddHours(1));
        await store.AddAsync(mail, None);
        var intruder = NewTenantId();

        Assert.Null(await store.GetAsync(intruder, mail.Id, None));
        Assert.Equal(ScheduledMailChangeStatus.NotFound, (await store.RescheduleAsync(intruder, mail.Id, T0.AddHours(2), T0, None)).Status);
        Assert.Equal(ScheduledMailChangeStatus.NotFound, (await store.CancelAsync(intruder, mail.Id, T0, None)).Status);
        Assert.Null(await store.GetAsync(mail.TenantId, ScheduledMailId.New(), None));

        AssertSame(mail, await store.GetAsync(mail.TenantId, mail.Id, None));
    }

    [Fact]
    public async Task Rescheduling_a_scheduled_mail_moves_when_it_becomes_due()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);

        var change = await store.RescheduleAsync(mail.TenantId, mail.Id, T0.AddMinutes(10), T0.AddSeconds(-5), None);

        Assert.Equal(ScheduledMailChangeStatus.Changed, change.Status);
        Assert.Equal(T0.AddMinutes(10), change.Mail!.ScheduledAt);
        Assert.Equal(T0.AddSeconds(-5), change.Mail.UpdatedAt);
        Assert.Equal(T0.AddMinutes(10), (await store.GetAsync(mail.TenantId, mail.Id, None))!.ScheduledAt);
        Assert.Empty(await ClaimAsync(store, T0.AddMinutes(10).AddTicks(-1), "a"));
        Assert.Equal(mail.Id, Assert.Single(await ClaimAsync(store, T0.AddMinutes(10), "a")).Mail.Id);
    }

    [Fact]
    public async Task A_cancelled_mail_is_never_claimed_and_cannot_be_rescheduled()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);

        var cancel = await store.CancelAsync(mail.TenantId, mail.Id, T0.AddSeconds(-1), None);

        Assert.Equal(ScheduledMailChangeStatus.Changed, cancel.Status);
        Assert.Equal(ScheduledMailStatus.Cancelled, cancel.Mail!.Status);
        Assert.Empty(await ClaimAsync(store, T0.AddDays(1), "a"));
        var reschedule = await store.RescheduleAsync(mail.TenantId, mail.Id, T0.AddHours(1), T0, None);
        Assert.Equal(ScheduledMailChangeStatus.TooLate, reschedule.Status);
        Assert.Equal(ScheduledMailStatus.Cancelled, reschedule.Mail!.Status);
        Assert.Equal(ScheduledMailChangeStatus.TooLate, (await store.CancelAsync(mail.TenantId, mail.Id, T0, None)).Status);
    }

    [Fact]
    public async Task Once_claimed_or_sent_a_mail_is_too_late_to_reschedule_or_cancel_and_says_its_state()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));

        var whileSending = await store.CancelAsync(mail.TenantId, mail.Id, T0, None);
        Assert.Equal(ScheduledMailChangeStatus.TooLate, whileSending.Status);
        Assert.Equal(ScheduledMailStatus.Sending, whileSending.Mail!.Status);
        Assert.Equal(ScheduledMailStatus.Sending, (await store.RescheduleAsync(mail.TenantId, mail.Id, T0.AddHours(1), T0, None)).Mail!.Status);

        Assert.True(await store.MarkSentAsync(claim, "ses-1", [], T0.AddSeconds(1), None));

        var afterSent = await store.RescheduleAsync(mail.TenantId, mail.Id, T0.AddHours(1), T0.AddSeconds(2), None);
        Assert.Equal(ScheduledMailChangeStatus.TooLate, afterSent.Status);
        Assert.Equal(ScheduledMailStatus.Sent, afterSent.Mail!.Status);
        Assert.Equal(ScheduledMailStatus.Sent, (await store.CancelAsync(mail.TenantId, mail.Id, T0.AddSeconds(2), None)).Mail!.Status);
    }

    [Fact]
    public async Task A_claim_takes_only_due_mails_earliest_first_and_leases_them()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var late = NewMail(tenant, T0.AddSeconds(2));
        var early = NewMail(tenant, T0.AddSeconds(-3));
        var middle = NewMail(tenant, T0);
        var future = NewMail(tenant, T0.AddSeconds(1));
        foreach (var mail in new[] { late, early, middle, future })
        {
            await store.AddAsync(mail, None);
        }

        var claims = await store.ClaimDueAsync(T0, 10, 10, "owner-a", Lease, None);

        Assert.Equal([early.Id, middle.Id], claims.Select(c => c.Mail.Id));
        Assert.All(claims, claim =>
        {
            Assert.Equal("owner-a", claim.Owner);
            Assert.Equal(T0 + Lease, claim.LeaseUntil);
            Assert.Equal(ScheduledMailStatus.Sending, claim.Mail.Status);
            Assert.Equal(1, claim.Mail.Attempts);
        });
        Assert.Equal(early.Content, claims[0].Mail.Content);
        Assert.Equal(ScheduledMailStatus.Sending, (await store.GetAsync(tenant, early.Id, None))!.Status);
        Assert.Equal(ScheduledMailStatus.Scheduled, (await store.GetAsync(tenant, future.Id, None))!.Status);
        Assert.Empty(await store.ClaimDueAsync(T0.AddMilliseconds(500), 10, 10, "owner-b", Lease, None));
    }

    [Fact]
    public async Task A_claim_takes_at_most_the_limit()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        for (var i = 0; i < 7; i++)
        {
            await store.AddAsync(NewMail(tenant, T0.AddSeconds(-i)), None);
        }

        Assert.Equal(3, (await store.ClaimDueAsync(T0, 3, 10, "a", Lease, None)).Count);
        Assert.Equal(4, (await store.ClaimDueAsync(T0, 10, 10, "a", Lease, None)).Count);
    }

    [Fact]
    public async Task Concurrent_claimers_never_get_the_same_mail_and_together_get_every_one()
    {
        var store = await CreateEmptyStoreAsync();
        var tenants = new[] { NewTenantId(), NewTenantId(), NewTenantId() };
        var ids = new List<string>();
        for (var i = 0; i < 90; i++)
        {
            var mail = NewMail(tenants[i % tenants.Length], T0.AddMilliseconds(-i));
            ids.Add(mail.Id);
            await store.AddAsync(mail, None);
        }

        var claimed = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (claimer, token) =>
        {
            for (var round = 0; round < 40; round++)
            {
                foreach (var claim in await store.ClaimDueAsync(T0, 4, 2, "claimer-" + claimer, Lease, token))
                {
                    claimed.Add(claim.Mail.Id);
                }
            }
        });

        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(ids.Order(), claimed.Order());
    }

    [Fact]
    public async Task Mails_added_in_batches_while_two_claimers_run_are_each_claimed_exactly_once()
    {
        // A broadcast's expander queues pages of mails ready at one instant while dispatchers claim: a claimer that
        // sees an empty index page between two pages must not strand the mails still being written.
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var batches = Enumerable.Range(0, 12)
            .Select(b => Enumerable.Range(0, 50).Select(c => NewBroadcastMail(tenant, "bc_race", $"ct_{b}_{c}")).ToList())
            .ToList();
        var expected = batches.SelectMany(b => b).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var claimed = new ConcurrentBag<string>();
        using var added = new CancellationTokenSource();

        async Task ClaimUntilAllAsync(string owner)
        {
            // After the last batch is stored, a bounded number of rounds must drain the rest (no waiting on a clock).
            var roundsAfterAdded = 0;
            while (claimed.Count < expected.Count && roundsAfterAdded < 200)
            {
                if (added.IsCancellationRequested)
                {
                    roundsAfterAdded++;
                }

                foreach (var claim in await store.ClaimDueAsync(T0, 20, 20, owner, Lease, None))
                {
                    claimed.Add(claim.Mail.Id);
                    Assert.True(await store.MarkSentAsync(claim, "msg-" + claim.Mail.Id, NoneSuppressed, T0, None));
                }

                await Task.Yield();
            }
        }

        var claimers = new[] { Task.Run(() => ClaimUntilAllAsync("a")), Task.Run(() => ClaimUntilAllAsync("b")) };
        foreach (var batch in batches)
        {
            Assert.Equal(batch.Count, await store.AddManyAsync(batch, None));
        }

        await added.CancelAsync();
        await Task.WhenAll(claimers);

        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), claimed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_lease_that_ran_out_is_claimed_again_and_the_old_owner_can_no_longer_complete_it()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var first = Assert.Single(await ClaimAsync(store, T0, "crashed"));

        Assert.Empty(await ClaimAsync(store, T0 + Lease - TimeSpan.FromTicks(1), "b"));
        var second = Assert.Single(await ClaimAsync(store, T0 + Lease, "b"));

        Assert.Equal(2, second.Mail.Attempts);
        Assert.Equal(T0 + Lease + Lease, second.LeaseUntil);
        Assert.False(await store.MarkSentAsync(first, "ses-old", [], T0 + Lease, None));
        Assert.False(await store.MarkFailedAsync(first, "old", T0 + Lease, None));
        Assert.False(await store.ReleaseAsync(first, T0, None));
        Assert.True(await store.MarkSentAsync(second, "ses-new", ["gone@example.com"], T0 + Lease + TimeSpan.FromSeconds(1), None));

        var sent = await store.GetAsync(mail.TenantId, mail.Id, None);
        Assert.Equal(ScheduledMailStatus.Sent, sent!.Status);
        Assert.Equal("ses-new", sent.MessageId);
        Assert.Equal(["gone@example.com"], sent.Suppressed);
        Assert.Equal(T0 + Lease + TimeSpan.FromSeconds(1), sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.Empty(await ClaimAsync(store, T0.AddDays(1), "c"));
    }

    [Fact]
    public async Task A_hand_off_to_SES_is_kept_through_a_lost_lease_and_held_mail_cannot_be_cancelled_until_claimed_again()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var first = Assert.Single(await ClaimAsync(store, T0, "crashed"));
        Assert.True(await store.MarkHandedToSesAsync(first, T0.AddSeconds(1), None));

        // The instance dies; its lease runs out and the next claim sees the unconfirmed hand-off.
        var second = Assert.Single(await ClaimAsync(store, T0 + Lease, "b"));
        Assert.Equal(T0.AddSeconds(1), second.Mail.HandedToSesAt);
        Assert.False(await store.MarkHandedToSesAsync(first, T0 + Lease, None));

        var until = T0.AddMinutes(5);
        Assert.True(await store.AwaitAcceptanceAsync(second, until, None));
        var held = await store.GetAsync(mail.TenantId, mail.Id, None);
        Assert.Equal(ScheduledMailStatus.Sending, held!.Status);
        Assert.Equal(1, held.Attempts);
        Assert.Equal(ScheduledMailChangeStatus.TooLate, (await store.CancelAsync(mail.TenantId, mail.Id, T0.AddMinutes(1), None)).Status);
        Assert.Empty(await ClaimAsync(store, until - TimeSpan.FromTicks(1), "c"));
        Assert.False(await store.MarkFailedAsync(second, "lost", T0.AddMinutes(1), None));

        var third = Assert.Single(await ClaimAsync(store, until, "c"));
        Assert.Equal(T0.AddSeconds(1), third.Mail.HandedToSesAt);
    }

    [Fact]
    public async Task A_release_or_defer_clears_the_hand_off_since_SES_answered_without_sending()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));
        Assert.True(await store.MarkHandedToSesAsync(claim, T0, None));
        Assert.True(await store.ReleaseAsync(claim, T0.AddSeconds(1), None));
        Assert.Null((await store.GetAsync(mail.TenantId, mail.Id, None))!.HandedToSesAt);

        claim = Assert.Single(await ClaimAsync(store, T0.AddSeconds(1), "a"));
        Assert.Null(claim.Mail.HandedToSesAt);
        Assert.True(await store.MarkHandedToSesAsync(claim, T0.AddSeconds(1), None));
        Assert.True(await store.DeferAsync(claim, T0.AddSeconds(2), None));
        Assert.Null(Assert.Single(await ClaimAsync(store, T0.AddSeconds(2), "a")).Mail.HandedToSesAt);

        // SES refused nothing to observe here: an observation of a Scheduled mail never handed to SES changes nothing.
        var other = NewMail(mail.TenantId, T0.AddHours(1));
        await store.AddAsync(other, None);
        Assert.False(await store.ObserveAcceptedAsync(other.TenantId, other.Id, "ses-x", T0, None));
        Assert.Equal(ScheduledMailStatus.Scheduled, (await store.GetAsync(other.TenantId, other.Id, None))!.Status);
    }

    [Fact]
    public async Task An_observed_acceptance_marks_a_sending_held_or_unconfirmed_failed_mail_sent_once()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var sending = NewMail(tenant, T0);
        var held = NewMail(tenant, T0);
        var failed = NewMail(tenant, T0);
        foreach (var m in new[] { sending, held, failed })
        {
            await store.AddAsync(m, None);
        }

        var claims = (await ClaimAsync(store, T0, "a")).ToDictionary(c => c.Mail.Id, StringComparer.Ordinal);
        foreach (var c in claims.Values)
        {
            Assert.True(await store.MarkHandedToSesAsync(c, T0, None));
        }

        Assert.True(await store.AwaitAcceptanceAsync(claims[held.Id], T0.AddMinutes(5), None));
        Assert.True(await store.MarkFailedAsync(claims[failed.Id], "unconfirmed", T0.AddMinutes(5), None));

        var at = T0.AddSeconds(2);
        Assert.True(await store.ObserveAcceptedAsync(tenant, sending.Id, "ses-1", at, None));
        Assert.True(await store.ObserveAcceptedAsync(tenant, held.Id, "ses-2", at, None));
        Assert.True(await store.ObserveAcceptedAsync(tenant, failed.Id, "ses-3", at, None));
        Assert.False(await store.ObserveAcceptedAsync(tenant, sending.Id, "ses-1", at.AddSeconds(1), None)); // a redelivered event

        foreach (var (id, messageId) in new[] { (sending.Id, "ses-1"), (held.Id, "ses-2"), (failed.Id, "ses-3") })
        {
            var read = await store.GetAsync(tenant, id, None);
            Assert.Equal(ScheduledMailStatus.Sent, read!.Status);
            Assert.Equal(messageId, read.MessageId);
            Assert.Equal(at, read.SentAt);
            Assert.Null(read.FailureReason);
        }

        Assert.Empty(await ClaimAsync(store, T0.AddDays(1), "b"));
        Assert.False(await store.MarkSentAsync(claims[sending.Id], "ses-late", [], at, None)); // the owner's own write comes second
        Assert.False(await store.ObserveAcceptedAsync(tenant, ScheduledMailId.New(), "ses-4", at, None)); // no such mail
    }

    [Fact]
    public async Task An_observation_for_another_tenant_never_touches_the_mail()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));
        Assert.True(await store.MarkHandedToSesAsync(claim, T0, None));

        Assert.False(await store.ObserveAcceptedAsync(NewTenantId(), mail.Id, "ses-intruder", T0, None));

        var read = await store.GetAsync(mail.TenantId, mail.Id, None);
        Assert.Equal(ScheduledMailStatus.Sending, read!.Status);
        Assert.Null(read.MessageId);
        Assert.True(await store.MarkSentAsync(claim, "ses-own", [], T0.AddSeconds(1), None));
    }

    [Fact]
    public async Task The_same_owner_cannot_complete_an_earlier_claim_after_claiming_the_mail_again()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var first = Assert.Single(await ClaimAsync(store, T0, "same"));
        var second = Assert.Single(await ClaimAsync(store, T0 + Lease, "same"));

        Assert.False(await store.MarkSentAsync(first, "ses-1", [], T0 + Lease, None));
        Assert.True(await store.MarkSentAsync(second, "ses-2", [], T0 + Lease, None));
    }

    [Fact]
    public async Task A_failed_mail_keeps_its_reason_and_is_not_claimed_again()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));

        Assert.True(await store.MarkFailedAsync(claim, "The tenant was offboarded before the send time.", T0.AddSeconds(1), None));

        var failed = await store.GetAsync(mail.TenantId, mail.Id, None);
        Assert.Equal(ScheduledMailStatus.Failed, failed!.Status);
        Assert.Equal("The tenant was offboarded before the send time.", failed.FailureReason);
        Assert.Null(failed.MessageId);
        Assert.Empty(await ClaimAsync(store, T0.AddDays(1), "b"));
        Assert.False(await store.MarkSentAsync(claim, "ses-1", [], T0.AddSeconds(2), None));
    }

    [Fact]
    public async Task A_tenant_with_one_due_mail_is_served_in_the_same_claim_as_a_tenant_with_many()
    {
        var store = await CreateEmptyStoreAsync();
        var (busy, quiet) = (NewTenantId(), NewTenantId());
        for (var i = 0; i < 50; i++)
        {
            await store.AddAsync(NewMail(busy, T0.AddSeconds(-100 + i)), None);
        }

        var single = NewMail(quiet, T0);
        await store.AddAsync(single, None);

        var claims = await store.ClaimDueAsync(T0, 10, 5, "a", Lease, None);

        Assert.Contains(claims, c => c.Mail.Id == single.Id);
        Assert.Equal(5, claims.Count(c => c.Mail.TenantId == busy));
        Assert.Equal(T0.AddSeconds(-100), claims.Where(c => c.Mail.TenantId == busy).Min(c => c.Mail.ScheduledAt));
    }

    [Fact]
    public async Task A_released_mail_is_claimable_again_at_not_before_and_not_earlier_with_its_time_unchanged()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));
        var notBefore = T0.AddSeconds(5);

        Assert.True(await store.ReleaseAsync(claim, notBefore, None));

        var released = await store.GetAsync(mail.TenantId, mail.Id, None);
        Assert.Equal(ScheduledMailStatus.Scheduled, released!.Status);
        Assert.Equal(T0, released.ScheduledAt);
        Assert.Empty(await ClaimAsync(store, notBefore.AddTicks(-1), "b"));
        var again = Assert.Single(await ClaimAsync(store, notBefore, "b"));
        Assert.Equal(2, again.Mail.Attempts);
        Assert.Equal(T0, again.Mail.ScheduledAt);
        Assert.False(await store.MarkSentAsync(claim, "ses-1", [], notBefore, None));
    }

    [Fact]
    public async Task A_released_mail_can_be_cancelled_again_since_it_is_scheduled()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewMail(NewTenantId(), T0);
        await store.AddAsync(mail, None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));
        Assert.True(await store.ReleaseAsync(claim, T0.AddSeconds(5), None));

        Assert.Equal(ScheduledMailChangeStatus.Changed, (await store.CancelAsync(mail.TenantId, mail.Id, T0.AddSeconds(1), None)).Status);

        Assert.Empty(await ClaimAsync(store, T0.AddDays(1), "b"));
    }

    [Fact]
    public async Task Adding_many_stores_the_new_ids_ignores_existing_ones_and_counts_what_it_added()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var first = Enumerable.Range(0, 3).Select(i => NewBroadcastMail(tenant, "bc_one", "ct_" + i)).ToList();
        Assert.Equal(3, await store.AddManyAsync(first, None));

        var again = Enumerable.Range(0, 5).Select(i => NewBroadcastMail(tenant, "bc_one", "ct_" + i)).ToList();
        Assert.Equal(2, await store.AddManyAsync(again, None));
        Assert.Equal(0, await store.AddManyAsync(again, None));
        Assert.Equal(0, await store.AddManyAsync([], None));

        var read = await store.GetAsync(tenant, again[4].Id, None);
        AssertSame(again[4], read);
        Assert.Equal("bc_one", read!.BroadcastId);
        Assert.Equal("ct_4", read.ContactId);
        Assert.Equal(string.Empty, read.Content);
        Assert.Equal(5, (await ClaimAsync(store, T0, "a")).Count);
    }

    [Fact]
    public async Task A_mail_added_again_after_it_was_sent_stays_sent()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var mail = NewBroadcastMail(tenant, "bc_one", "ct_1");
        await store.AddManyAsync([mail], None);
        Assert.True(await store.MarkSentAsync(Assert.Single(await ClaimAsync(store, T0, "a")), "ses-1", [], T0, None));

        Assert.Equal(0, await store.AddManyAsync([mail with { CreatedAt = T0 }], None));

        Assert.Equal(ScheduledMailStatus.Sent, (await store.GetAsync(tenant, mail.Id, None))!.Status);
        Assert.Empty(await ClaimAsync(store, T0.AddDays(1), "b"));
    }

    [Fact]
    public async Task A_skipped_mail_keeps_its_reason_and_is_not_claimed_again()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewBroadcastMail(NewTenantId(), "bc_one", "ct_1");
        await store.AddManyAsync([mail], None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));

        Assert.True(await store.MarkSkippedAsync(claim, "Unsubscribed since.", T0.AddSeconds(1), None));

        var skipped = await store.GetAsync(mail.TenantId, mail.Id, None);
        Assert.Equal(ScheduledMailStatus.Skipped, skipped!.Status);
        Assert.Equal("Unsubscribed since.", skipped.FailureReason);
        Assert.Empty(await ClaimAsync(store, T0.AddDays(1), "b"));
        Assert.False(await store.MarkSkippedAsync(claim, "again", T0.AddSeconds(2), None));
    }

    [Fact]
    public async Task A_deferred_mail_comes_back_at_not_before_without_the_claim_counted_as_an_attempt()
    {
        var store = await CreateEmptyStoreAsync();
        var mail = NewBroadcastMail(NewTenantId(), "bc_one", "ct_1");
        await store.AddManyAsync([mail], None);
        var claim = Assert.Single(await ClaimAsync(store, T0, "a"));

        Assert.True(await store.DeferAsync(claim, T0.AddSeconds(15), None));

        var deferred = await store.GetAsync(mail.TenantId, mail.Id, None);
        Assert.Equal(ScheduledMailStatus.Scheduled, deferred!.Status);
        Assert.Equal(0, deferred.Attempts);
        Assert.Empty(await ClaimAsync(store, T0.AddSeconds(15).AddTicks(-1), "b"));
        var again = Assert.Single(await ClaimAsync(store, T0.AddSeconds(15), "b"));
        Assert.Equal(1, again.Mail.Attempts);
        Assert.False(await store.DeferAsync(claim, T0, None));
    }

    [Fact]
    public async Task A_broadcasts_mail_is_counted_by_status_and_only_its_tenants_and_its_own()
    {
        var store = await CreateEmptyStoreAsync();
        var (tenant, other) = (NewTenantId(), NewTenantId());
        await store.AddManyAsync([.. Enumerable.Range(0, 6).Select(i => NewBroadcastMail(tenant, "bc_one", "ct_" + i))], None);
        await store.AddManyAsync([NewBroadcastMail(tenant, "bc_two", "ct_0"), NewBroadcastMail(other, "bc_one", "ct_9")], None);
        await store.AddAsync(NewMail(tenant, T0), None);
        var claims = (await store.ClaimDueAsync(T0, 100, 100, "a", Lease, None)).Where(c => c.Mail.BroadcastId == "bc_one" && c.Mail.TenantId == tenant).ToList();
        Assert.True(await store.MarkSentAsync(claims[0], "ses-1", [], T0, None));
        Assert.True(await store.MarkSentAsync(claims[1], "ses-2", [], T0, None));
        Assert.True(await store.MarkSkippedAsync(claims[2], "unsubscribed", T0, None));
        Assert.True(await store.MarkFailedAsync(claims[3], "rejected", T0, None));
        Assert.True(await store.ReleaseAsync(claims[4], T0.AddMinutes(1), None));

        var counts = await store.CountBroadcastAsync(tenant, "bc_one", None);

        Assert.Equal(2, counts[ScheduledMailStatus.Sent]);
        Assert.Equal(1, counts[ScheduledMailStatus.Skipped]);
        Assert.Equal(1, counts[ScheduledMailStatus.Failed]);
        Assert.Equal(1, counts[ScheduledMailStatus.Scheduled]);
        Assert.Equal(1, counts[ScheduledMailStatus.Sending]);
        Assert.Equal(6, counts.Values.Sum());
        Assert.Empty(await store.CountBroadcastAsync(NewTenantId(), "bc_one", None));
        Assert.Equal(1, (await store.CountBroadcastAsync(other, "bc_one", None)).Values.Sum());
    }

    protected static ScheduledMail NewBroadcastMail(string tenantId, string broadcastId, string contactId) => new()
    {
        TenantId = tenantId,
        Id = Core.Identifiers.RandomId.Derive(ScheduledMailId.Prefix, broadcastId, contactId),
        ScheduledAt = T0,
        Content = string.Empty,
        Recipients = 1,
        BroadcastId = broadcastId,
        ContactId = contactId,
        CreatedAt = T0.AddHours(-1),
        UpdatedAt = T0.AddHours(-1),
    };

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    protected static ScheduledMail NewMail(string tenantId, DateTimeOffset scheduledAt) => new()
    {
        TenantId = tenantId,
        Id = ScheduledMailId.New(),
        ScheduledAt = scheduledAt,
        Content = "{\"subject\":\"hello\"}",
        Recipients = 1,
        CreatedAt = T0.AddHours(-1),
        UpdatedAt = T0.AddHours(-1),
    };

    private static Task<IReadOnlyList<ScheduledMailClaim>> ClaimAsync(IScheduledMailStore store, DateTimeOffset now, string owner) =>
        store.ClaimDueAsync(now, 100, 100, owner, Lease, None);

    private static void AssertSame(ScheduledMail expected, ScheduledMail? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Suppressed = NoneSuppressed }, actual with { Suppressed = NoneSuppressed });
        Assert.Equal(expected.Suppressed, actual.Suppressed);
    }
}
