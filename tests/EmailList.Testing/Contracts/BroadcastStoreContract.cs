using EmailList.Core.Broadcasts;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="IBroadcastStore"/> must do; derive once per implementation. Each test gets empty storage of its own.</summary>
public abstract class BroadcastStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IBroadcastStore> CreateEmptyStoreAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task An_added_broadcast_reads_back_field_for_field()
    {
        var store = await CreateEmptyStoreAsync();
        var broadcast = NewBroadcast(NewTenantId()) with
        {
            ReplyTo = "replies@example.com",
            Content = new MessageContent { TemplateName = "welcome", TemplateVersion = 3 },
            Segment = "{\"plan\":\"pro\"}",
            Status = BroadcastStatus.Paused,
            ScheduledAt = T0.AddTicks(7),
            StartedAt = T0.AddSeconds(1),
            PauseReason = "Holiday ✉",
            GuardAcknowledgedAt = T0.AddSeconds(2).AddTicks(3),
            ExpansionCursor = "ct_cursor",
            Progress = new BroadcastProgress(4, 3, 2, 1, 12.5, T0.AddSeconds(3)),
            Version = 5,
        };

        await store.AddAsync(broadcast, None);

        Assert.Equal(broadcast, await store.GetAsync(broadcast.TenantId, broadcast.Id, None));
    }

    [Fact]
    public async Task Adding_an_id_that_exists_is_refused()
    {
        var store = await CreateEmptyStoreAsync();
        var broadcast = NewBroadcast(NewTenantId());
        await store.AddAsync(broadcast, None);

        await Assert.ThrowsAnyAsync<Exception>(() => store.AddAsync(broadcast with { Name = "Other" }, None));
        Assert.Equal("Spring news", (await store.GetAsync(broadcast.TenantId, broadcast.Id, None))!.Name);
    }

    [Fact]
    public async Task Another_tenant_cannot_read_list_update_or_delete_it()
    {
        var store = await CreateEmptyStoreAsync();
        var broadcast = NewBroadcast(NewTenantId());
        await store.AddAsync(broadcast, None);
        var intruder = NewTenantId();

        Assert.Null(await store.GetAsync(intruder, broadcast.Id, None));
        Assert.Empty((await store.ListAsync(intruder, new BroadcastQuery(), None)).Items);
        Assert.False(await store.TryUpdateAsync(broadcast with { TenantId = intruder, Name = "Taken" }, None));
        Assert.False(await store.DeleteDraftAsync(intruder, broadcast.Id, None));
        Assert.Equal(broadcast, await store.GetAsync(broadcast.TenantId, broadcast.Id, None));
    }

    [Fact]
    public async Task An_update_is_written_only_at_the_version_it_was_read_and_counts_it()
    {
        var store = await CreateEmptyStoreAsync();
        var broadcast = NewBroadcast(NewTenantId());
        await store.AddAsync(broadcast, None);

        Assert.True(await store.TryUpdateAsync(broadcast with { Name = "First", Segment = "{\"a\":1}" }, None));
        Assert.False(await store.TryUpdateAsync(broadcast with { Name = "Stale" }, None));

        var read = await store.GetAsync(broadcast.TenantId, broadcast.Id, None);
        Assert.Equal("First", read!.Name);
        Assert.Equal("{\"a\":1}", read.Segment);
        Assert.Equal(1, read.Version);
        Assert.True(await store.TryUpdateAsync(read with { Segment = null, Status = BroadcastStatus.Scheduled, ScheduledAt = T0 }, None));
        var again = await store.GetAsync(broadcast.TenantId, broadcast.Id, None);
        Assert.Null(again!.Segment);
        Assert.Equal(BroadcastStatus.Scheduled, again.Status);
        Assert.Equal(2, again.Version);
    }

    [Fact]
    public async Task An_update_writes_and_clears_the_guard_acknowledgement()
    {
        var store = await CreateEmptyStoreAsync();
        var broadcast = NewBroadcast(NewTenantId()) with { Status = BroadcastStatus.Paused, StartedAt = T0, PauseReason = "Paused by the reputation guard: …" };
        await store.AddAsync(broadcast, None);

        Assert.True(await store.TryUpdateAsync(broadcast with { Status = BroadcastStatus.Sending, PauseReason = null, GuardAcknowledgedAt = T0.AddMinutes(5) }, None));
        var acknowledged = (await store.GetAsync(broadcast.TenantId, broadcast.Id, None))!;
        Assert.Equal((BroadcastStatus.Sending, (string?)null, (DateTimeOffset?)T0.AddMinutes(5)), (acknowledged.Status, acknowledged.PauseReason, acknowledged.GuardAcknowledgedAt));

        Assert.True(await store.TryUpdateAsync(acknowledged with { GuardAcknowledgedAt = null }, None));
        Assert.Null((await store.GetAsync(broadcast.TenantId, broadcast.Id, None))!.GuardAcknowledgedAt);
    }

    [Fact]
    public async Task An_update_leaves_the_expansion_and_progress_as_their_writers_left_them()
    {
        var store = await CreateEmptyStoreAsync();
        var broadcast = NewBroadcast(NewTenantId()) with { Status = BroadcastStatus.Sending };
        await store.AddAsync(broadcast, None);
        Assert.True(await store.TryLeaseExpansionAsync(broadcast.TenantId, broadcast.Id, "a", T0, T0.AddMinutes(1), None));
        Assert.True(await store.WriteExpansionAsync(broadcast.TenantId, broadcast.Id, "a", "ct_5", false, None));
        var progress = new BroadcastProgress(10, 5, 1, 0, 2.5, T0.AddSeconds(2));
        await store.WriteProgressAsync(broadcast.TenantId, broadcast.Id, progress, None);

        Assert.True(await store.TryUpdateAsync(broadcast with { Status = BroadcastStatus.Paused, PauseReason = "wait" }, None));

        var read = await store.GetAsync(broadcast.TenantId, broadcast.Id, None);
        Assert.Equal(BroadcastStatus.Paused, read!.Status);
        Assert.Equal("ct_5", read.ExpansionCursor);
        Assert.False(read.Expanded);
        Assert.Equal(progress, read.Progress);
    }

    [Fact]
    public async Task Only_a_draft_can_be_deleted()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var draft = NewBroadcast(tenant);
        var sending = NewBroadcast(tenant) with { Status = BroadcastStatus.Sending };
        await store.AddAsync(draft, None);
        await store.AddAsync(sending, None);

        Assert.True(await store.DeleteDraftAsync(tenant, draft.Id, None));
        Assert.False(await store.DeleteDraftAsync(tenant, sending.Id, None));
        Assert.False(await store.DeleteDraftAsync(tenant, draft.Id, None));
        Assert.Null(await store.GetAsync(tenant, draft.Id, None));
        Assert.NotNull(await store.GetAsync(tenant, sending.Id, None));
    }

    [Fact]
    public async Task Listing_pages_by_id_with_a_cursor_bound_to_the_tenant()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var broadcast = NewBroadcast(tenant);
            ids.Add(broadcast.Id);
            await store.AddAsync(broadcast, None);
        }

        await store.AddAsync(NewBroadcast(NewTenantId()), None);

        var first = await store.ListAsync(tenant, new BroadcastQuery(3), None);
        var second = await store.ListAsync(tenant, new BroadcastQuery(3, first.NextCursor), None);

        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Items.Concat(second.Items).Select(b => b.Id));
        Assert.NotNull(first.NextCursor);
        Assert.Null(second.NextCursor);
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(NewTenantId(), new BroadcastQuery(3, first.NextCursor), None));
    }

    [Fact]
    public async Task The_active_broadcasts_of_every_tenant_are_listed_and_no_others()
    {
        var store = await CreateEmptyStoreAsync();
        var (a, b) = (NewTenantId(), NewTenantId());
        var scheduled = NewBroadcast(a) with { Status = BroadcastStatus.Scheduled, ScheduledAt = T0 };
        var sending = NewBroadcast(b) with { Status = BroadcastStatus.Sending };
        var paused = NewBroadcast(b) with { Status = BroadcastStatus.Paused };
        var cancelling = NewBroadcast(a) with { Status = BroadcastStatus.Cancelled };
        var cancelled = NewBroadcast(a) with { Status = BroadcastStatus.Cancelled, CompletedAt = T0 };
        var sent = NewBroadcast(a) with { Status = BroadcastStatus.Sent, CompletedAt = T0 };
        var draft = NewBroadcast(b);
        foreach (var broadcast in new[] { scheduled, sending, paused, cancelling, cancelled, sent, draft })
        {
            await store.AddAsync(broadcast, None);
        }

        var active = await store.ListActiveAsync(100, None);
        Assert.Equal(new[] { scheduled.Id, sending.Id, paused.Id, cancelling.Id }.Order(StringComparer.Ordinal), active.Select(x => x.Id).Order(StringComparer.Ordinal));

        Assert.True(await store.TryUpdateAsync(sending with { Status = BroadcastStatus.Sent, CompletedAt = T0 }, None));
        Assert.True(await store.TryUpdateAsync(draft with { Status = BroadcastStatus.Scheduled, ScheduledAt = T0 }, None));
        await Eventually.TrueAsync(async () =>
        {
            var now = (await store.ListActiveAsync(100, None)).Select(x => x.Id).ToHashSet();
            return !now.Contains(sending.Id) && now.Contains(draft.Id);
        }, "the active listing to follow the status changes");
    }

    [Fact]
    public async Task One_expander_holds_a_broadcast_until_its_lease_runs_out_and_only_the_holder_writes_the_cursor()
    {
        var store = await CreateEmptyStoreAsync();
        var broadcast = NewBroadcast(NewTenantId()) with { Status = BroadcastStatus.Sending };
        await store.AddAsync(broadcast, None);
        var (tenant, id) = (broadcast.TenantId, broadcast.Id);

        Assert.True(await store.TryLeaseExpansionAsync(tenant, id, "a", T0, T0.AddSeconds(60), None));
        Assert.False(await store.TryLeaseExpansionAsync(tenant, id, "b", T0.AddSeconds(59), T0.AddSeconds(119), None));
        Assert.True(await store.TryLeaseExpansionAsync(tenant, id, "a", T0.AddSeconds(30), T0.AddSeconds(90), None));
        Assert.False(await store.WriteExpansionAsync(tenant, id, "b", "ct_b", false, None));
        Assert.True(await store.WriteExpansionAsync(tenant, id, "a", "ct_a", false, None));

        Assert.True(await store.TryLeaseExpansionAsync(tenant, id, "b", T0.AddSeconds(90), T0.AddSeconds(150), None));
        Assert.False(await store.WriteExpansionAsync(tenant, id, "a", "ct_late", false, None));
        Assert.True(await store.WriteExpansionAsync(tenant, id, "b", "ct_z", true, None));

        var read = await store.GetAsync(tenant, id, None);
        Assert.Equal("ct_z", read!.ExpansionCursor);
        Assert.True(read.Expanded);
        Assert.False(await store.TryLeaseExpansionAsync(tenant, id, "c", T0.AddDays(1), T0.AddDays(2), None)); // nothing left to expand
    }

    [Fact]
    public async Task Only_a_sending_broadcast_can_be_leased_for_expansion()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var paused = NewBroadcast(tenant) with { Status = BroadcastStatus.Paused };
        var draft = NewBroadcast(tenant);
        await store.AddAsync(paused, None);
        await store.AddAsync(draft, None);

        Assert.False(await store.TryLeaseExpansionAsync(tenant, paused.Id, "a", T0, T0.AddSeconds(60), None));
        Assert.False(await store.TryLeaseExpansionAsync(tenant, draft.Id, "a", T0, T0.AddSeconds(60), None));
        Assert.False(await store.TryLeaseExpansionAsync(NewTenantId(), paused.Id, "a", T0, T0.AddSeconds(60), None));
    }

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    protected static Broadcast NewBroadcast(string tenantId) => new()
    {
        TenantId = tenantId,
        Id = RandomId.New(ListIds.Broadcast),
        ListId = RandomId.New(ListIds.List),
        Name = "Spring news",
        From = "News <news@example.com>",
        Content = new MessageContent { Subject = "Hello {{first_name}}", Html = "<p>Hi</p>", Text = "Hi" },
        CreatedAt = T0.AddHours(-1),
        UpdatedAt = T0.AddHours(-1),
    };
}
