using EmailList.Core.Idempotency;
using EmailList.Testing;
using EmailList.Testing.Redis;

using StackExchange.Redis;

namespace EmailList.Redis.Tests;

[Collection(SharedRedis.Name)]
public sealed class IdempotencyStoreTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Pending = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private RedisServices _services = null!;

    private IIdempotencyStore Store => _services.Get<IIdempotencyStore>();

    public Task InitializeAsync()
    {
        _services = new RedisServices(redis.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task The_first_claim_of_a_key_owns_it()
    {
        var claim = await Store.TryClaimAsync(RedisServices.NewTenant(), "key-1", "hash-a", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, claim.Status);
    }

    [Fact]
    public async Task A_second_claim_while_the_first_runs_is_in_progress()
    {
        var tenant = RedisServices.NewTenant();
        await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);

        var claim = await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.InProgress, claim.Status);
    }

    [Fact]
    public async Task A_completed_request_is_replayed_with_its_response()
    {
        var tenant = RedisServices.NewTenant();
        await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);
        var response = new IdempotentResponse(202, """{"messageId":"m-1"}""");

        await Store.CompleteAsync(tenant, "key-1", "hash-a", response, Day, CancellationToken.None);
        var claim = await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Completed, claim.Status);
        Assert.Equal(response, claim.Response);
    }

    [Fact]
    public async Task A_completed_entry_lives_for_the_given_time_to_live()
    {
        var tenant = RedisServices.NewTenant();
        await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);
        await Store.CompleteAsync(tenant, "key-1", "hash-a", new IdempotentResponse(202, "{}"), Day, CancellationToken.None);

        var database = await _services.DatabaseAsync();
        var keys = await KeysOfAsync(tenant);
        var timeToLive = await database.KeyTimeToLiveAsync(Assert.Single(keys));

        Assert.InRange(timeToLive!.Value, Day - TimeSpan.FromMinutes(1), Day);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_mismatch()
    {
        var tenant = RedisServices.NewTenant();
        await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);

        var whilePending = await Store.TryClaimAsync(tenant, "key-1", "hash-b", Pending, CancellationToken.None);
        await Store.CompleteAsync(tenant, "key-1", "hash-a", new IdempotentResponse(202, "{}"), Day, CancellationToken.None);
        var whenDone = await Store.TryClaimAsync(tenant, "key-1", "hash-b", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Mismatch, whilePending.Status);
        Assert.Equal(IdempotencyClaimStatus.Mismatch, whenDone.Status);
    }

    [Fact]
    public async Task Keys_are_per_tenant()
    {
        await Store.TryClaimAsync(RedisServices.NewTenant(), "key-1", "hash-a", Pending, CancellationToken.None);

        var claim = await Store.TryClaimAsync(RedisServices.NewTenant(), "key-1", "hash-b", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, claim.Status);
    }

    [Fact]
    public async Task Of_twenty_concurrent_claims_exactly_one_wins()
    {
        var tenant = RedisServices.NewTenant();

        var claims = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None))));

        Assert.Single(claims, claim => claim.Status == IdempotencyClaimStatus.Claimed);
        Assert.Equal(19, claims.Count(claim => claim.Status == IdempotencyClaimStatus.InProgress));
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_again()
    {
        var tenant = RedisServices.NewTenant();
        await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);

        await Store.ReleaseAsync(tenant, "key-1", CancellationToken.None);
        var claim = await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, claim.Status);
    }

    [Fact]
    public async Task Releasing_a_completed_key_keeps_its_response()
    {
        var tenant = RedisServices.NewTenant();
        await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);
        await Store.CompleteAsync(tenant, "key-1", "hash-a", new IdempotentResponse(202, "{}"), Day, CancellationToken.None);

        await Store.ReleaseAsync(tenant, "key-1", CancellationToken.None);
        var claim = await Store.TryClaimAsync(tenant, "key-1", "hash-a", Pending, CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Completed, claim.Status);
    }

    [Fact]
    public async Task An_abandoned_claim_frees_the_key_after_the_pending_time_to_live()
    {
        var tenant = RedisServices.NewTenant();
        await Store.TryClaimAsync(tenant, "held", "hash-a", Pending, CancellationToken.None);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await Store.TryClaimAsync(tenant, "held", "hash-a", Pending, CancellationToken.None)).Status);
        await Store.TryClaimAsync(tenant, "abandoned", "hash-a", TimeSpan.FromSeconds(1), CancellationToken.None);

        // Waits on the key coming free, not on the clock: a busy machine only makes it take longer.
        await Eventually.TrueAsync(
            async () => (await Store.TryClaimAsync(tenant, "abandoned", "hash-a", Pending, CancellationToken.None)).Status == IdempotencyClaimStatus.Claimed,
            "the abandoned claim freeing its key after 1 s",
            TimeSpan.FromSeconds(30));
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await Store.TryClaimAsync(tenant, "held", "hash-a", Pending, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task The_client_key_is_not_stored_in_clear()
    {
        var tenant = RedisServices.NewTenant();

        await Store.TryClaimAsync(tenant, "order-4711-customer-secret", "hash-a", Pending, CancellationToken.None);

        var key = Assert.Single(await KeysOfAsync(tenant));
        Assert.DoesNotContain("order-4711", key.ToString(), StringComparison.Ordinal);
        Assert.Matches($"^el:{tenant}:idem:[0-9a-f]{{64}}$", key.ToString());
    }

    private async Task<RedisKey[]> KeysOfAsync(string tenant)
    {
        var database = await _services.DatabaseAsync();
        var result = await database.ExecuteAsync("KEYS", $"el:{tenant}:idem:*");
        return (RedisKey[])result!;
    }
}
