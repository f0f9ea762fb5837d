using System.Security.Cryptography;
using System.Text.Json;

using EmailList.Core.Credentials;

using Microsoft.Extensions.Logging;

using StackExchange.Redis;

namespace EmailList.Redis.Credentials;

/// <summary>
/// One encrypted entry per tenant under <c>el:{tenant}:credentials</c>. Never throws for Redis or
/// for an entry it cannot read: it logs and reports a miss, and the caller assumes the role again.
/// </summary>
public sealed class RedisCredentialCache(RedisConnection connection, CredentialProtector protector, ILogger<RedisCredentialCache> logger) : ICredentialCache
{
    public async Task<CachedCredentials?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Credentials(tenantId);
        byte[]? blob;
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            blob = (byte[]?)await database.StringGetAsync(key).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisCredentialCacheLog.RedisUnavailable(logger, "read", tenantId, exception);
            return null;
        }

        if (blob is null)
        {
            return null;
        }

        if (!protector.TryUnprotect(blob, tenantId, out var plaintext))
        {
            RedisCredentialCacheLog.UnreadableEntry(logger, tenantId);
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(plaintext, RedisJsonContext.Default.CachedCredentials);
        }
        catch (JsonException)
        {
            RedisCredentialCacheLog.UnreadableEntry(logger, tenantId);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public async Task SetAsync(string tenantId, CachedCredentials credentials, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var key = RedisKeys.Credentials(tenantId);
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(credentials, RedisJsonContext.Default.CachedCredentials);
        byte[] blob;
        try
        {
            blob = protector.Protect(plaintext, tenantId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            await database.StringSetAsync(key, blob, timeToLive).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisCredentialCacheLog.RedisUnavailable(logger, "write", tenantId, exception);
        }
    }

    public async Task RemoveAsync(string tenantId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Credentials(tenantId);
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            await database.KeyDeleteAsync(key).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisCredentialCacheLog.RedisUnavailable(logger, "remove", tenantId, exception);
        }
    }
}
