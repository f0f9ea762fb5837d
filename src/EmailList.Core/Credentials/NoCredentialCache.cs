namespace EmailList.Core.Credentials;

/// <summary>No shared cache: the in-process cache of <see cref="TenantCredentialBroker"/> is all there is.</summary>
public sealed class NoCredentialCache : ICredentialCache
{
    public Task<CachedCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken) => Task.FromResult<CachedCredentials?>(null);

    public Task SetAsync(string tenantId, CachedCredentials credentials, TimeSpan timeToLive, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveAsync(string tenantId, CancellationToken cancellationToken) => Task.CompletedTask;
}
