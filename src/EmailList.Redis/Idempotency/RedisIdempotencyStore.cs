using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using EmailList.Core.Idempotency;

using Microsoft.Extensions.Logging;

using StackExchange.Redis;

namespace EmailList.Redis.Idempotency;

/// <summary>
/// Idempotency keys under <c>el:{tenant}:idem:{sha256(key)}</c> (hashed: the client chooses the key).
/// When Redis fails, the process falls back to <see cref="InMemoryIdempotencyStore"/>: duplicates are
/// then caught per instance only, which beats refusing to send.
/// </summary>
public sealed class RedisIdempotencyStore(RedisConnection connection, InMemoryIdempotencyStore fallback, ILogger<RedisIdempotencyStore> logger) : IIdempotencyStore
{
    // Returns nothing when this call created the pending entry, else the entry that was there.
    private const string ClaimScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then
          return existing
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return false
        """;

    private const string ReleaseScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing and cjson.decode(existing)['state'] == 'pending' then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public async Task<IdempotencyClaim> TryClaimAsync(string tenantId, string key, string requestHash, TimeSpan pendingTimeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestHash);
        var redisKey = RedisKey(tenantId, key);
        var pending = Serialize(new IdempotencyRecord(IdempotencyRecord.Pending, requestHash));
        RedisResult result;
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            result = await database.ScriptEvaluateAsync(ClaimScript, [redisKey], [pending, Milliseconds(pendingTimeToLive)]).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisIdempotencyStoreLog.FallingBack(logger, "claim", tenantId, exception);
            return await fallback.TryClaimAsync(tenantId, key, requestHash, pendingTimeToLive, cancellationToken);
        }

        if (result.IsNull)
        {
            return new IdempotencyClaim(IdempotencyClaimStatus.Claimed);
        }

        var existing = Deserialize((string?)result);
        if (existing is null)
        {
            // An entry we cannot read: refusing to run the request again is the safe answer.
            RedisIdempotencyStoreLog.UnreadableEntry(logger, tenantId);
            return new IdempotencyClaim(IdempotencyClaimStatus.InProgress);
        }

        if (!string.Equals(existing.Hash, requestHash, StringComparison.Ordinal))
        {
            return new IdempotencyClaim(IdempotencyClaimStatus.Mismatch);
        }

        return existing.State == IdempotencyRecord.Done && existing.Status is { } status
            ? new IdempotencyClaim(IdempotencyClaimStatus.Completed, new IdempotentResponse(status, existing.Body ?? string.Empty))
            : new IdempotencyClaim(IdempotencyClaimStatus.InProgress);
    }

    public async Task CompleteAsync(string tenantId, string key, string requestHash, IdempotentResponse response, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestHash);
        ArgumentNullException.ThrowIfNull(response);
        var redisKey = RedisKey(tenantId, key);
        var done = Serialize(new IdempotencyRecord(IdempotencyRecord.Done, requestHash, response.StatusCode, response.Body));
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            await database.StringSetAsync(redisKey, done, TimeSpan.FromMilliseconds(Milliseconds(timeToLive))).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisIdempotencyStoreLog.FallingBack(logger, "complete", tenantId, exception);
            await fallback.CompleteAsync(tenantId, key, requestHash, response, timeToLive, cancellationToken);
        }
    }

    public async Task ReleaseAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var redisKey = RedisKey(tenantId, key);
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            await database.ScriptEvaluateAsync(ReleaseScript, [redisKey]).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisIdempotencyStoreLog.FallingBack(logger, "release", tenantId, exception);
            await fallback.ReleaseAsync(tenantId, key, cancellationToken);
        }
    }

    private static RedisKey RedisKey(string tenantId, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return RedisKeys.Idempotency(tenantId, Convert.ToHexStringLower(hash));
    }

    private static long Milliseconds(TimeSpan timeToLive) => Math.Max(1, (long)Math.Ceiling(timeToLive.TotalMilliseconds));

    private static string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record, RedisJsonContext.Default.IdempotencyRecord);

    private static IdempotencyRecord? Deserialize(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, RedisJsonContext.Default.IdempotencyRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
