using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Credentials;

/// <summary>
/// Hands out a tenant's assumed-role credentials: in-process cache first, then the shared cache,
/// then STS, with at most one STS call per tenant at a time in this process. Credentials are never
/// served within <see cref="CredentialBrokerOptions.RefreshMargin"/> of their expiry.
/// </summary>
public sealed class TenantCredentialBroker
{
    private readonly ConcurrentDictionary<string, CachedCredentials> _local = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly IRoleAssumer _roleAssumer;
    private readonly ICredentialCache _sharedCache;
    private readonly IOptions<CredentialBrokerOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantCredentialBroker> _logger;

    public TenantCredentialBroker(
        IRoleAssumer roleAssumer,
        ICredentialCache sharedCache,
        IOptions<CredentialBrokerOptions> options,
        TimeProvider time,
        ILogger<TenantCredentialBroker> logger,
        TenantChangeFeed? changes = null)
    {
        _roleAssumer = roleAssumer;
        _sharedCache = sharedCache;
        _options = options;
        _time = time;
        _logger = logger;
        changes?.Subscribe(tenantId =>
        {
            if (tenantId is null)
            {
                _local.Clear();
            }
            else
            {
                _local.TryRemove(tenantId, out _);
            }
        });
    }

    public async ValueTask<TemporaryCredentials> GetCredentialsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.RoleArn is null)
        {
            throw new InvalidOperationException($"Tenant '{tenant.Id}' has no role.");
        }

        var fingerprint = Fingerprint(tenant.RoleArn, tenant.ExternalId);
        if (TryGetFresh(_local.GetValueOrDefault(tenant.Id), fingerprint, out var credentials))
        {
            return credentials;
        }

        var gate = _gates.GetOrAdd(tenant.Id, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while we waited.
            if (TryGetFresh(_local.GetValueOrDefault(tenant.Id), fingerprint, out credentials))
            {
                return credentials;
            }

            var shared = await _sharedCache.GetAsync(tenant.Id, cancellationToken);
            if (TryGetFresh(shared, fingerprint, out credentials))
            {
                _local[tenant.Id] = shared!;
                return credentials;
            }

            var request = CreateRequest(tenant.RoleArn, tenant.ExternalId, tenant.Id);
            credentials = await _roleAssumer.AssumeRoleAsync(request, cancellationToken);
            TenantCredentialBrokerLog.AssumedRole(_logger, tenant.Id, credentials.Expiration);

            var entry = new CachedCredentials(fingerprint, credentials);
            _local[tenant.Id] = entry;
            var timeToLive = credentials.Expiration - _options.Value.RefreshMargin - _time.GetUtcNow();
            if (timeToLive > TimeSpan.Zero)
            {
                await _sharedCache.SetAsync(tenant.Id, entry, timeToLive, cancellationToken);
            }

            return credentials;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Assumes a role without caching, with the send session policy.</summary>
    public Task<TemporaryCredentials> AssumeUncachedAsync(string roleArn, string externalId, string tenantId, CancellationToken cancellationToken) =>
        _roleAssumer.AssumeRoleAsync(CreateRequest(roleArn, externalId, tenantId), cancellationToken);

    /// <summary>
    /// Assumes a role without caching, with a given session policy: to verify a role before it is stored, and to probe
    /// (with a null external ID) whether its trust policy wrongly lets us in without one.
    /// </summary>
    public Task<TemporaryCredentials> AssumeUncachedAsync(string roleArn, string? externalId, string tenantId, string sessionPolicy, CancellationToken cancellationToken) =>
        _roleAssumer.AssumeRoleAsync(
            new RoleAssumptionRequest(roleArn, externalId, SessionName(tenantId), _options.Value.SessionDuration, sessionPolicy), cancellationToken);

    /// <summary>
    /// Caches credentials just obtained by verifying the tenant's (new) role, replacing any cached for an older
    /// role, so that the first send after onboarding needs no STS call.
    /// </summary>
    public async Task PrimeAsync(Tenant tenant, TemporaryCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(credentials);
        if (tenant.RoleArn is null)
        {
            throw new InvalidOperationException($"Tenant '{tenant.Id}' has no role.");
        }

        var entry = new CachedCredentials(Fingerprint(tenant.RoleArn, tenant.ExternalId), credentials);
        _local[tenant.Id] = entry;
        var timeToLive = credentials.Expiration - _options.Value.RefreshMargin - _time.GetUtcNow();
        if (timeToLive > TimeSpan.Zero)
        {
            await _sharedCache.SetAsync(tenant.Id, entry, timeToLive, cancellationToken);
        }
        else
        {
            await _sharedCache.RemoveAsync(tenant.Id, cancellationToken);
        }
    }

    /// <summary>Forgets the tenant's credentials here and in the shared cache (role changed or rejected).</summary>
    public async Task InvalidateAsync(string tenantId, CancellationToken cancellationToken)
    {
        _local.TryRemove(tenantId, out _);
        await _sharedCache.RemoveAsync(tenantId, cancellationToken);
    }

    public static string SessionName(string tenantId) => $"emaillist-{tenantId}";

    private RoleAssumptionRequest CreateRequest(string roleArn, string externalId, string tenantId) =>
        new(roleArn, externalId, SessionName(tenantId), _options.Value.SessionDuration, SesSessionPolicy.Json);

    private bool TryGetFresh(CachedCredentials? entry, string fingerprint, out TemporaryCredentials credentials)
    {
        credentials = null!;
        if (entry is null || entry.RoleFingerprint != fingerprint)
        {
            return false;
        }

        if (_time.GetUtcNow() >= entry.Credentials.Expiration - _options.Value.RefreshMargin)
        {
            return false;
        }

        credentials = entry.Credentials;
        return true;
    }

    private static string Fingerprint(string roleArn, string externalId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(roleArn + "\n" + externalId)), 0, 16);
}
