using System.Collections.Concurrent;

using EmailList.Core.Suppression;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using StackExchange.Redis;

namespace EmailList.Redis.Suppression;

/// <summary>
/// A tenant's whole suppression list as a Redis set, <c>el:{tenant}:suppressed</c>, plus a sentinel
/// member that says the set is complete. A set without it (cold, evicted, flushed, expired) is
/// rebuilt from <see cref="ISuppressionStore"/>. When Redis fails, the store answers: sends go on.
/// </summary>
public sealed class RedisSuppressionLookup(
    RedisConnection connection,
    ISuppressionStore store,
    IOptions<RedisOptions> options,
    ILogger<RedisSuppressionLookup> logger) : ISuppressionLookup
{
    /// <summary>Cannot be a normalized address (addresses have no control characters).</summary>
    public const string LoadedSentinel = "\u0001loaded";

    private const int PageSize = 1000;

    // Adds whether or not the set is complete: an add that lands while a rebuild is reading the store
    // must survive the rebuild's write, and the sentinel alone decides whether the set is trusted.
    private const string AddScript = """
        redis.call('SADD', KEYS[1], ARGV[1])
        if redis.call('PTTL', KEYS[1]) == -1 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 1
        """;

    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    // One gate per tenant seen by this process; a tenant id is small, so they are kept.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _rebuildGates = new(StringComparer.Ordinal);

    public async Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var key = RedisKeys.Suppressed(tenantId);
        var candidates = Candidates(emails);
        if (candidates.Length == 0)
        {
            return None;
        }

        IDatabase database;
        IReadOnlySet<string>? found;
        try
        {
            database = await connection.GetDatabaseAsync(cancellationToken);
            found = await FindInLoadedSetAsync(database, key, candidates, cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisSuppressionLookupLog.LookupFallback(logger, tenantId, exception);
            return await store.FindSuppressedAsync(tenantId, candidates, cancellationToken);
        }

        return found ?? await RebuildAsync(database, tenantId, key, candidates, cancellationToken);
    }

    public async Task AddedAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var key = RedisKeys.Suppressed(tenantId);
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            await database.ScriptEvaluateAsync(AddScript, [key], [email, (long)options.Value.SuppressionSetTimeToLive.TotalMilliseconds]).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisSuppressionLookupLog.ChangeFailed(logger, "add", tenantId, exception);
            await ForgetSetAsync(tenantId, key, cancellationToken);
        }
    }

    public async Task RemovedAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var key = RedisKeys.Suppressed(tenantId);
        if (email == LoadedSentinel)
        {
            return;
        }

        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            await database.SetRemoveAsync(key, email).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisSuppressionLookupLog.ChangeFailed(logger, "remove", tenantId, exception);
            await ForgetSetAsync(tenantId, key, cancellationToken);
        }
    }

    /// <summary>One round trip (SMISMEMBER); null when the set is not complete.</summary>
    private static async Task<IReadOnlySet<string>?> FindInLoadedSetAsync(IDatabase database, RedisKey key, string[] candidates, CancellationToken cancellationToken)
    {
        var members = new RedisValue[candidates.Length + 1];
        members[0] = LoadedSentinel;
        for (var i = 0; i < candidates.Length; i++)
        {
            members[i + 1] = candidates[i];
        }

        var contained = await database.SetContainsAsync(key, members).WaitAsync(cancellationToken);
        if (!contained[0])
        {
            return null;
        }

        HashSet<string>? found = null;
        for (var i = 0; i < candidates.Length; i++)
        {
            if (contained[i + 1])
            {
                (found ??= new HashSet<string>(StringComparer.Ordinal)).Add(candidates[i]);
            }
        }

        return found ?? None;
    }

    /// <summary>Each address once, never the sentinel; without LINQ, as this runs on every send.</summary>
    private static string[] Candidates(IReadOnlyCollection<string> emails)
    {
        var candidates = new List<string>(emails.Count);
        HashSet<string>? seen = emails.Count > 1 ? new HashSet<string>(emails.Count, StringComparer.Ordinal) : null;
        foreach (var email in emails)
        {
            if (email != LoadedSentinel && (seen is null || seen.Add(email)))
            {
                candidates.Add(email);
            }
        }

        return [.. candidates];
    }

    private async Task<IReadOnlySet<string>> RebuildAsync(IDatabase database, string tenantId, RedisKey key, string[] candidates, CancellationToken cancellationToken)
    {
        var gate = _rebuildGates.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            try
            {
                // Whoever held the gate before us has probably just rebuilt it.
                if (await FindInLoadedSetAsync(database, key, candidates, cancellationToken) is { } found)
                {
                    return found;
                }
            }
            catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
            {
                RedisSuppressionLookupLog.LookupFallback(logger, tenantId, exception);
                return await store.FindSuppressedAsync(tenantId, candidates, cancellationToken);
            }

            var all = await LoadAllAsync(tenantId, cancellationToken);
            try
            {
                await WriteSetAsync(database, key, all, cancellationToken);
                RedisSuppressionLookupLog.Rebuilt(logger, tenantId, all.Count);
            }
            catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
            {
                RedisSuppressionLookupLog.RebuildNotStored(logger, tenantId, exception);
            }

            return candidates.Where(all.Contains).ToHashSet(StringComparer.Ordinal);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HashSet<string>> LoadAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(tenantId, new SuppressionQuery(Limit: PageSize, Cursor: cursor), cancellationToken);
            foreach (var entry in page.Items)
            {
                all.Add(entry.Email);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }

    private async Task WriteSetAsync(IDatabase database, RedisKey key, HashSet<string> all, CancellationToken cancellationToken)
    {
        // Members first, pipelined in chunks; the sentinel only once they are all in, so a failure
        // halfway leaves a set that is not trusted rather than one that is trusted and incomplete.
        var writes = all.Chunk(PageSize)
            .Select(chunk => database.SetAddAsync(key, [.. chunk.Select(email => (RedisValue)email)]))
            .ToList();
        await Task.WhenAll(writes).WaitAsync(cancellationToken);

        var sentinel = database.SetAddAsync(key, LoadedSentinel);
        var expiry = database.KeyExpireAsync(key, options.Value.SuppressionSetTimeToLive);
        await Task.WhenAll(sentinel, expiry).WaitAsync(cancellationToken);
    }

    private async Task ForgetSetAsync(string tenantId, RedisKey key, CancellationToken cancellationToken)
    {
        // The set may now be wrong while still marked complete; without it, the next read rebuilds.
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken);
            await database.KeyDeleteAsync(key).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            RedisSuppressionLookupLog.SetMayBeStale(logger, tenantId, exception);
        }
    }
}
