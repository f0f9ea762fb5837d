using System.Collections.Concurrent;
using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

internal enum Counter
{
    AssumeRoleCalls,
    SendEmailCalls,
    AcceptedEmails,
    ThrottledCalls,
    RejectedCalls,
}

/// <summary>Call counts per account since the last reset.</summary>
internal sealed class SandboxCounters
{
    private const int CounterCount = 5;

    private readonly ConcurrentDictionary<string, long[]> _perAccount = new(StringComparer.Ordinal);

    public void Increment(string accountId, Counter counter) =>
        Interlocked.Increment(ref _perAccount.GetOrAdd(accountId, _ => new long[CounterCount])[(int)counter]);

    public SandboxStats Snapshot()
    {
        var accounts = _perAccount.ToDictionary(
            entry => entry.Key,
            entry => ToStats([.. entry.Value.Select((_, i) => Interlocked.Read(ref entry.Value[i]))]),
            StringComparer.Ordinal);
        var total = new long[CounterCount];
        foreach (var stats in accounts.Values)
        {
            total[0] += stats.AssumeRoleCalls;
            total[1] += stats.SendEmailCalls;
            total[2] += stats.AcceptedEmails;
            total[3] += stats.ThrottledCalls;
            total[4] += stats.RejectedCalls;
        }

        return new SandboxStats(total[0], total[1], total[2], total[3], total[4], accounts);
    }

    public void Clear() => _perAccount.Clear();

    private static SandboxAccountStats ToStats(long[] values) => new(values[0], values[1], values[2], values[3], values[4]);
}
