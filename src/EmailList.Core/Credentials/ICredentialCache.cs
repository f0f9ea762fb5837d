namespace EmailList.Core.Credentials;

/// <summary>
/// The shared (L2) credential cache, one entry per tenant. Implementations must encrypt what they
/// store and must never throw for an unavailable backend: they report a miss and log instead.
/// </summary>
public interface ICredentialCache
{
    Task<CachedCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken);

    /// <param name="timeToLive">How long the entry may be served; already shortened by the refresh margin.</param>
    Task SetAsync(string tenantId, CachedCredentials credentials, TimeSpan timeToLive, CancellationToken cancellationToken);

    Task RemoveAsync(string tenantId, CancellationToken cancellationToken);
}
