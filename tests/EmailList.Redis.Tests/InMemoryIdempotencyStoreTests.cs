using EmailList.Core.Idempotency;

using Microsoft.Extensions.Time.Testing;

namespace EmailList.Redis.Tests;

public sealed class InMemoryIdempotencyStoreTests
{
    private static readonly TimeSpan Pending = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Claim_then_complete_then_replay()
    {
        var store = new InMemoryIdempotencyStore(_time);

        var first = await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);
        var second = await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);
        await store.CompleteAsync("t1", "k", "h", new IdempotentResponse(202, "body"), Day, CancellationToken.None);
        var third = await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, first.Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, second.Status);
        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Completed, new IdempotentResponse(202, "body")), third);
    }

    [Fact]
    public async Task Another_body_under_the_same_key_is_a_mismatch()
    {
        var store = new InMemoryIdempotencyStore(_time);
        await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Mismatch, (await store.TryClaimAsync("t1", "k", "other", Pending, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Keys_are_per_tenant()
    {
        var store = new InMemoryIdempotencyStore(_time);
        await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, (await store.TryClaimAsync("t2", "k", "h", Pending, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_pending_claim_expires()
    {
        var store = new InMemoryIdempotencyStore(_time);
        await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);

        _time.Advance(Pending - TimeSpan.FromSeconds(1));
        var before = await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.InProgress, before.Status);
        Assert.Equal(IdempotencyClaimStatus.Claimed, after.Status);
    }

    [Fact]
    public async Task A_completed_entry_expires_after_its_time_to_live()
    {
        var store = new InMemoryIdempotencyStore(_time);
        await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None);
        await store.CompleteAsync("t1", "k", "h", new IdempotentResponse(202, "body"), Day, CancellationToken.None);

        _time.Advance(Day);

        Assert.Equal(IdempotencyClaimStatus.Claimed, (await store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Release_frees_a_pending_key_but_not_a_completed_one()
    {
        var store = new InMemoryIdempotencyStore(_time);
        await store.TryClaimAsync("t1", "pending", "h", Pending, CancellationToken.None);
        await store.TryClaimAsync("t1", "done", "h", Pending, CancellationToken.None);
        await store.CompleteAsync("t1", "done", "h", new IdempotentResponse(202, "body"), Day, CancellationToken.None);

        await store.ReleaseAsync("t1", "pending", CancellationToken.None);
        await store.ReleaseAsync("t1", "done", CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, (await store.TryClaimAsync("t1", "pending", "h", Pending, CancellationToken.None)).Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, (await store.TryClaimAsync("t1", "done", "h", Pending, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Of_many_concurrent_claims_exactly_one_wins()
    {
        var store = new InMemoryIdempotencyStore(_time);

        var claims = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() => store.TryClaimAsync("t1", "k", "h", Pending, CancellationToken.None))));

        Assert.Single(claims, claim => claim.Status == IdempotencyClaimStatus.Claimed);
    }

    [Fact]
    public async Task Expired_entries_are_purged_as_writes_come_in()
    {
        var store = new InMemoryIdempotencyStore(_time);
        for (var i = 0; i < 100; i++)
        {
            await store.TryClaimAsync("t1", $"k{i}", "h", Pending, CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        await store.TryClaimAsync("t1", "fresh", "h", Pending, CancellationToken.None);

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task A_full_store_makes_room_by_dropping_the_entries_closest_to_expiry()
    {
        var store = new InMemoryIdempotencyStore(_time, capacity: 10);
        await store.TryClaimAsync("t1", "short-lived", "h", TimeSpan.FromSeconds(5), CancellationToken.None);
        for (var i = 0; i < 9; i++)
        {
            await store.CompleteAsync("t1", $"k{i}", "h", new IdempotentResponse(202, "body"), Day, CancellationToken.None);
        }

        await store.TryClaimAsync("t1", "one-more", "h", Pending, CancellationToken.None);

        Assert.Equal(10, store.Count);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.TryClaimAsync("t1", "one-more", "h", Pending, CancellationToken.None)).Status);
        Assert.Equal(IdempotencyClaimStatus.Claimed, (await store.TryClaimAsync("t1", "short-lived", "h", Pending, CancellationToken.None)).Status);
        Assert.Equal(IdempotencyClaimStatus.Completed, (await store.TryClaimAsync("t1", "k8", "h", Pending, CancellationToken.None)).Status);
    }
}
