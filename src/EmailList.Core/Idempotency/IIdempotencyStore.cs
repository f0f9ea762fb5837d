namespace EmailList.Core.Idempotency;

/// <summary>
/// Remembers Idempotency-Key headers per tenant, bound to a hash of the request body. The claim is
/// atomic, so of two concurrent requests with the same key exactly one gets <see cref="IdempotencyClaimStatus.Claimed"/>.
/// </summary>
public interface IIdempotencyStore
{
    /// <param name="pendingTimeToLive">How long an unfinished claim blocks the key (a crashed request must not lock it for a day).</param>
    Task<IdempotencyClaim> TryClaimAsync(string tenantId, string key, string requestHash, TimeSpan pendingTimeToLive, CancellationToken cancellationToken);

    Task CompleteAsync(string tenantId, string key, string requestHash, IdempotentResponse response, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Forgets a claim whose request failed before sending, so a retry may send.</summary>
    Task ReleaseAsync(string tenantId, string key, CancellationToken cancellationToken);
}
