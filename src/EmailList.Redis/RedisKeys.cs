using StackExchange.Redis;
using EmailList.Core.Tenants;

namespace EmailList.Redis;

/// <summary>Every key carries the tenant, so one tenant's data can never be read under another's key.</summary>
internal static class RedisKeys
{
    public static string Credentials(string tenantId) => $"el:{Checked(tenantId)}:credentials";

    public static string Suppressed(string tenantId) => $"el:{Checked(tenantId)}:suppressed";

    public static string Idempotency(string tenantId, string keyHashHex) => $"el:{Checked(tenantId)}:idem:{keyHashHex}";

    /// <summary>The partition of the tenant's send-rate token bucket (RedisRateLimiting keys it "rl:{<this>}").</summary>
    public static string SendRate(string tenantId) => $"el:{Checked(tenantId)}:send-rate";

    /// <summary>The partition of one key's shared fixed-window count (RedisRateLimiting keys it "rl:fw:{<this>}"); not per tenant: public sign-up limits span tenants.</summary>
    public static string Limit(string name, string keyHashHex) => $"el:limit:{name}:{keyHashHex}";

    /// <summary>The pub/sub channel on which tenant changes are announced (payload: the tenant id).</summary>
    public static readonly RedisChannel TenantChanges = RedisChannel.Literal("el:tenant-changes");

    // A tenant id with ':' in it could otherwise address another tenant's keys.
    private static string Checked(string tenantId) =>
        TenantId.IsValid(tenantId) ? tenantId : throw new ArgumentException("Not a valid tenant id.", nameof(tenantId));
}
