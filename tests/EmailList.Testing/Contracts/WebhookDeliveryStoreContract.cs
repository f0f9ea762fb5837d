using System.Collections.Concurrent;
using EmailList.Core.Identifiers;
using EmailList.Core.Webhooks;

namespace EmailList.Testing.Contracts;

/// <summary>
/// What every <see cref="IWebhookDeliveryStore"/> must do; derive once per implementation. Claims serve every tenant,
/// so each test gets a store on empty storage of its own.
/// </summary>
public abstract class WebhookDeliveryStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>A store on empty storage that no other test uses.</summary>
    protected abstract Task<IWebhookDeliveryStore> CreateEmptyStoreAsync();

    /// <summary>False for a store that leaves deletion to the database (DynamoDB TTL) and purges nothing itself.</summary>
    protected virtual bool PurgeDeletes => true;

    /// <summary>For a store that leaves deletion to the database: delete what its expiry would delete at <paramref name="now"/>, checking every delivery carries the expiry.</summary>
    protected virtual Task ExpireAsTheDatabaseWouldAsync(IReadOnlyList<WebhookDelivery> deliveries, DateTimeOffset now) =>
        throw new NotSupportedException("A store that does not purge itself says how its database expires items.");

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task An_added_delivery_reads_back_field_for_field_as_pending()
    {
        var store = await CreateEmptyStoreAsync();
        var delivery = NewDelivery(NewTenantId(), NewWebhookId(), T0.AddTicks(1234567)) with
        {
            Payload = "{\"type\":\"email.delivered\",\"data\":{\"subject\":\"Grüße ✉\"}}",
        };

        Assert.Equal(1, await store.AddManyAsync([delivery], None));

        var read = await store.GetAsync(delivery.TenantId, delivery.Id, None);
        Assert.Equal(delivery, read);
        Assert.Equal(WebhookDeliveryStatus.Pending, read!.Status);
    }

    [Fact]
    public async Task Adding_ids_that_exist_stores_only_the_new_ones_and_keeps_the_first()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var webhook = NewWebhookId();
        var first = NewDelivery(tenant, webhook, T0);
        Assert.Equal(1, await store.AddManyAsync([first], None));
        var second = NewDelivery(tenant, webhook, T0);

        Assert.Equal(1, await store.AddManyAsync([first with { Payload = "{\"changed\":true}" }, second], None));
        Assert.Equal(0, await store.AddManyAsync([first, second], None));

        Assert.Equal(first.Payload, (await store.GetAsync(tenant, first.Id, None))!.Payload);
        Assert.NotNull(await store.GetAsync(tenant, second.Id, None));
        Assert.Equal(0, await store.AddManyAsync([], None));
    }

    [Fact]
    public async Task Another_tenant_cannot_read_list_or_retry_a_delivery()
    {
        var store = await CreateEmptyStoreAsync();
        var delivery = NewDelivery(NewTenantId(), NewWebhookId(), T0);
        await store.AddManyAsync([delivery], None);
        var intruder = NewTenantId();

        Assert.Null(await store.GetAsync(intruder, delivery.Id, None));
        Assert.Empty((await store.ListAsync(intruder, new WebhookDeliveryQuery(delivery.WebhookId), None)).Items);
        Assert.False(await store.RetryAsync(intruder, delivery.Id, T0.AddHours(1), None));

        Assert.Equal(delivery, await store.GetAsync(delivery.TenantId, delivery.Id, None));
    }

    [Fact]
    public async Task The_same_id_under_two_tenants_is_two_deliveries()
    {
        var store = await CreateEmptyStoreAsync();
        var a = NewDelivery(NewTenantId(), NewWebhookId(), T0);
        var b = a with { TenantId = NewTenantId(), Payload = "{\"tenant\":\"b\"}" };

        Assert.Equal(2, await store.AddManyAsync([a, b], None));

        Assert.Equal(a.Payload, (await store.GetAsync(a.TenantId, a.Id, None))!.Payload);
        Assert.Equal(b.Payload, (await store.GetAsync(b.TenantId, b.Id, None))!.Payload);
    }

    [Fact]
    public async Task Only_pending_deliveries_due_by_now_are_claimed_earliest_first()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var webhook = NewWebhookId();
        var later = NewDelivery(tenant, webhook, T0.AddSeconds(2));
        var earlier = NewDelivery(tenant, webhook, T0.AddSeconds(1));
        var future = NewDelivery(tenant, webhook, T0.AddMinutes(5));
        var done = NewDelivery(tenant, webhook, T0) with { Status = WebhookDeliveryStatus.Succeeded, CompletedAt = T0 };
        await store.AddManyAsync([later, earlier, future, done], None);

        var claims = await store.ClaimDueAsync(T0.AddSeconds(2), 10, 10, "a", Lease, None);

        Assert.Equal([earlier.Id, later.Id], claims.Select(c => c.Delivery.Id));
        Assert.All(claims, c =>
        {
            Assert.Equal("a", c.Owner);
            Assert.Equal(T0.AddSeconds(2) + Lease, c.LeaseUntil);
            Assert.Equal(WebhookDeliveryStatus.Pending, c.Delivery.Status);
        });
        Assert.Equal(earlier, claims[0].Delivery);
    }

    [Fact]
    public async Task A_claimed_delivery_is_not_claimed_again_until_its_lease_runs_out()
    {
        var store = await CreateEmptyStoreAsync();
        var delivery = NewDelivery(NewTenantId(), NewWebhookId(), T0);
        await store.AddManyAsync([delivery], None);
        var first = Assert.Single(await store.ClaimDueAsync(T0, 10, 10, "a", Lease, None));

        Assert.Empty(await store.ClaimDueAsync(T0 + Lease - TimeSpan.FromTicks(1), 10, 10, "b", Lease, None));
        var second = Assert.Single(await store.ClaimDueAsync(T0 + Lease, 10, 10, "b", Lease, None));

        Assert.Equal(delivery.Id, second.Delivery.Id);
        Assert.Equal("b", second.Owner);
        Assert.False(await store.RecordAttemptAsync(first, Success(T0.AddSeconds(31)), None));
        Assert.True(await store.RecordAttemptAsync(second, Success(T0.AddSeconds(31)), None));
    }

    [Fact]
    public async Task Two_claimers_at_once_never_hold_the_same_delivery()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var deliveries = Enumerable.Range(0, 40).SelectMany(_ => new[] { NewWebhookId() })
            .SelectMany(webhook => Enumerable.Range(0, 2).Select(i => NewDelivery(tenant, webhook, T0.AddMilliseconds(i))))
            .ToList();
        await store.AddManyAsync(deliveries, None);
        var held = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var round = 0; round < 10; round++)
            {
                foreach (var claim in await store.ClaimDueAsync(T0.AddSeconds(1), 7, 5, "claimer-" + c, Lease, None))
                {
                    held.Add(claim.Delivery.Id);
                }
            }
        })));

        Assert.Equal(held.Count, held.Distinct().Count());
        Assert.Equal(deliveries.Count, held.Count);
    }

    [Fact]
    public async Task A_webhook_with_a_large_backlog_does_not_starve_another()
    {
        var store = await CreateEmptyStoreAsync();
        var busyTenant = NewTenantId();
        var busy = NewWebhookId();
        var backlog = Enumerable.Range(0, 1000).Select(i => NewDelivery(busyTenant, busy, T0.AddMilliseconds(i))).ToList();
        await store.AddManyAsync(backlog, None);
        var quietTenant = NewTenantId();
        var quietSameTenant = NewDelivery(busyTenant, NewWebhookId(), T0.AddMinutes(1));
        var quietOtherTenant = NewDelivery(quietTenant, NewWebhookId(), T0.AddMinutes(1));
        await store.AddManyAsync([quietSameTenant, quietOtherTenant], None);

        var claims = await store.ClaimDueAsync(T0.AddMinutes(2), 20, 5, "a", Lease, None);

        Assert.Equal(5, claims.Count(c => c.Delivery.WebhookId == busy));
        Assert.Contains(claims, c => c.Delivery.Id == quietSameTenant.Id);
        Assert.Contains(claims, c => c.Delivery.Id == quietOtherTenant.Id);
        Assert.Equal(7, claims.Count);
    }

    [Fact]
    public async Task A_claim_takes_no_more_than_the_limit()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        await store.AddManyAsync([.. Enumerable.Range(0, 6).Select(i => NewDelivery(tenant, NewWebhookId(), T0.AddSeconds(i)))], None);

        var claims = await store.ClaimDueAsync(T0.AddMinutes(1), 4, 10, "a", Lease, None);

        Assert.Equal(4, claims.Count);
        Assert.Equal(2, (await store.ClaimDueAsync(T0.AddMinutes(1), 4, 10, "b", Lease, None)).Count);
    }

    [Fact]
    public async Task A_successful_attempt_is_recorded_counted_and_never_claimed_again()
    {
        var store = await CreateEmptyStoreAsync();
        var delivery = NewDelivery(NewTenantId(), NewWebhookId(), T0);
        await store.AddManyAsync([delivery], None);
        var claim = Assert.Single(await store.ClaimDueAsync(T0, 10, 10, "a", Lease, None));

        Assert.True(await store.RecordAttemptAsync(claim, new WebhookAttempt(T0.AddSeconds(1), 204, null, 87, WebhookDeliveryStatus.Succeeded, null), None));

        var read = await store.GetAsync(delivery.TenantId, delivery.Id, None);
        Assert.Equal(WebhookDeliveryStatus.Succeeded, read!.Status);
        Assert.Equal(1, read.Attempts);
        Assert.Equal(T0.AddSeconds(1), read.LastAttemptAt);
        Assert.Equal(204, read.LastStatusCode);
        Assert.Equal(87, read.LastDurationMs);
        Assert.Null(read.LastError);
        Assert.Equal(T0.AddSeconds(1), read.CompletedAt);
        Assert.Empty(await store.ClaimDueAsync(T0.AddDays(1), 10, 10, "b", Lease, None));
        Assert.False(await store.RecordAttemptAsync(claim, Success(T0.AddSeconds(2)), None));
    }

    [Fact]
    public async Task A_failed_attempt_to_retry_makes_the_delivery_due_again_at_its_next_time()
    {
        var store = await CreateEmptyStoreAsync();
        var delivery = NewDelivery(NewTenantId(), NewWebhookId(), T0);
        await store.AddManyAsync([delivery], None);
        var claim = Assert.Single(await store.ClaimDueAsync(T0, 10, 10, "a", Lease, None));
        var next = T0.AddMinutes(2);

        Assert.True(await store.RecordAttemptAsync(claim, new WebhookAttempt(T0.AddSeconds(5), null, "timeout after 5 s", 5000, WebhookDeliveryStatus.Pending, next), None));

        var read = await store.GetAsync(delivery.TenantId, delivery.Id, None);
        Assert.Equal(WebhookDeliveryStatus.Pending, read!.Status);
        Assert.Equal(next, read.NextAttemptAt);
        Assert.Equal("timeout after 5 s", read.LastError);
        Assert.Null(read.LastStatusCode);
        Assert.Null(read.CompletedAt);
        Assert.Empty(await store.ClaimDueAsync(next.AddTicks(-1), 10, 10, "b", Lease, None));
        var again = Assert.Single(await store.ClaimDueAsync(next, 10, 10, "b", Lease, None));
        Assert.True(await store.RecordAttemptAsync(again, new WebhookAttempt(next, 500, "boom", 12, WebhookDeliveryStatus.Failed, null), None));
        var failed = await store.GetAsync(delivery.TenantId, delivery.Id, None);
        Assert.Equal(WebhookDeliveryStatus.Failed, failed!.Status);
        Assert.Equal(2, failed.Attempts);
        Assert.Equal(500, failed.LastStatusCode);
    }

    [Fact]
    public async Task An_attempt_on_a_claim_another_owner_holds_is_refused_and_changes_nothing()
    {
        var store = await CreateEmptyStoreAsync();
        var delivery = NewDelivery(NewTenantId(), NewWebhookId(), T0);
        await store.AddManyAsync([delivery], None);
        var claim = Assert.Single(await store.ClaimDueAsync(T0, 10, 10, "a", Lease, None));

        Assert.False(await store.RecordAttemptAsync(claim with { Owner = "b" }, Success(T0), None));
        Assert.False(await store.RecordAttemptAsync(claim with { LeaseUntil = claim.LeaseUntil.AddSeconds(1) }, Success(T0), None));
        Assert.False(await store.RecordAttemptAsync(claim with { Delivery = claim.Delivery with { TenantId = NewTenantId() } }, Success(T0), None));

        var read = await store.GetAsync(delivery.TenantId, delivery.Id, None);
        Assert.Equal(0, read!.Attempts);
        Assert.Equal(WebhookDeliveryStatus.Pending, read.Status);
    }

    [Fact]
    public async Task Retrying_a_failed_delivery_makes_it_due_now_and_keeps_its_log()
    {
        var store = await CreateEmptyStoreAsync();
        var delivery = NewDelivery(NewTenantId(), NewWebhookId(), T0);
        await store.AddManyAsync([delivery], None);
        var claim = Assert.Single(await store.ClaimDueAsync(T0, 10, 10, "a", Lease, None));
        await store.RecordAttemptAsync(claim, new WebhookAttempt(T0, 410, "gone", 3, WebhookDeliveryStatus.Failed, null), None);
        Assert.Empty(await store.ClaimDueAsync(T0.AddHours(1), 10, 10, "b", Lease, None));

        Assert.True(await store.RetryAsync(delivery.TenantId, delivery.Id, T0.AddHours(1), None));

        var read = await store.GetAsync(delivery.TenantId, delivery.Id, None);
        Assert.Equal(WebhookDeliveryStatus.Pending, read!.Status);
        Assert.Equal(T0.AddHours(1), read.NextAttemptAt);
        Assert.Equal(1, read.Attempts);
        Assert.Equal(410, read.LastStatusCode);
        Assert.Null(read.CompletedAt);
        Assert.Equal(delivery.Id, Assert.Single(await store.ClaimDueAsync(T0.AddHours(1), 10, 10, "b", Lease, None)).Delivery.Id);
        Assert.False(await store.RetryAsync(delivery.TenantId, "msg_missing", T0, None));
    }

    [Fact]
    public async Task A_webhooks_log_pages_newest_first_and_only_its_own()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var webhook = NewWebhookId();
        var mine = Enumerable.Range(0, 7).Select(i => NewDelivery(tenant, webhook, T0.AddSeconds(i))).ToList();
        mine.Add(NewDelivery(tenant, webhook, T0.AddSeconds(3))); // a tie on time: ordered by id
        await store.AddManyAsync(mine, None);
        await store.AddManyAsync([NewDelivery(tenant, NewWebhookId(), T0.AddSeconds(4)), NewDelivery(NewTenantId(), webhook, T0.AddSeconds(4))], None);
        var expected = mine.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).ToList();

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(tenant, new WebhookDeliveryQuery(webhook, Limit: 3, Cursor: cursor), None);
            seen.AddRange(page.Items.Select(d => d.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(expected, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_log_filtered_by_status_lists_only_that_status()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var webhook = NewWebhookId();
        var ok = NewDelivery(tenant, webhook, T0) with { Status = WebhookDeliveryStatus.Succeeded, CompletedAt = T0 };
        var pending = Enumerable.Range(1, 4).Select(i => NewDelivery(tenant, webhook, T0.AddSeconds(i))).ToList();
        await store.AddManyAsync([ok, .. pending], None);

        var first = await store.ListAsync(tenant, new WebhookDeliveryQuery(webhook, Limit: 1, Status: WebhookDeliveryStatus.Succeeded), None);
        var pendingPage = await store.ListAsync(tenant, new WebhookDeliveryQuery(webhook, Limit: 10, Status: WebhookDeliveryStatus.Pending), None);

        Assert.Equal(ok.Id, Assert.Single(first.Items).Id);
        Assert.Null(first.NextCursor);
        Assert.Equal(4, pendingPage.Items.Count);
    }

    [Fact]
    public async Task A_cursor_is_refused_for_another_tenant_another_webhook_or_when_garbled()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var webhook = NewWebhookId();
        await store.AddManyAsync([.. Enumerable.Range(0, 3).Select(i => NewDelivery(tenant, webhook, T0.AddSeconds(i)))], None);
        var cursor = (await store.ListAsync(tenant, new WebhookDeliveryQuery(webhook, Limit: 1), None)).NextCursor;
        Assert.NotNull(cursor);

        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(NewTenantId(), new WebhookDeliveryQuery(webhook, 1, cursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(tenant, new WebhookDeliveryQuery(NewWebhookId(), 1, cursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(tenant, new WebhookDeliveryQuery(webhook, 1, "not-a-cursor!"), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(tenant, new WebhookDeliveryQuery(webhook, 0), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(tenant, new WebhookDeliveryQuery(webhook, WebhookDeliveryRange.MaxPageSize + 1), None));
    }

    [Fact]
    public async Task Purging_deletes_only_expired_deliveries()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var webhook = NewWebhookId();
        var expired = NewDelivery(tenant, webhook, T0) with { ExpiresAt = T0.AddDays(1) };
        var kept = NewDelivery(tenant, webhook, T0) with { ExpiresAt = T0.AddDays(3) };
        await store.AddManyAsync([expired, kept], None);

        if (PurgeDeletes)
        {
            Assert.Equal(1, await store.PurgeExpiredAsync(T0.AddDays(2), None));
        }
        else
        {
            Assert.Equal(0, await store.PurgeExpiredAsync(T0.AddDays(2), None));
            await ExpireAsTheDatabaseWouldAsync([expired, kept], T0.AddDays(2));
        }

        Assert.Null(await store.GetAsync(tenant, expired.Id, None));
        Assert.NotNull(await store.GetAsync(tenant, kept.Id, None));
        Assert.Equal(kept.Id, Assert.Single(await store.ClaimDueAsync(T0.AddDays(2), 10, 10, "a", Lease, None)).Delivery.Id);
    }

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    protected static string NewWebhookId() => RandomId.New("wh_");

    protected static WebhookDelivery NewDelivery(string tenantId, string webhookId, DateTimeOffset at)
    {
        var eventId = Guid.NewGuid().ToString();
        return new WebhookDelivery
        {
            TenantId = tenantId,
            Id = RandomId.Derive("msg_", webhookId, eventId),
            WebhookId = webhookId,
            EventType = WebhookEventTypes.EmailDelivered,
            EventId = eventId,
            Payload = "{\"type\":\"email.delivered\",\"timestamp\":\"2026-05-04T09:00:00Z\",\"data\":{}}",
            CreatedAt = at,
            NextAttemptAt = at,
            ExpiresAt = at.AddDays(30),
        };
    }

    private static WebhookAttempt Success(DateTimeOffset at) => new(at, 200, null, 10, WebhookDeliveryStatus.Succeeded, null);
}
