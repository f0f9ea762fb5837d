using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>
/// How many accepted sends each recipient address got, per account, with when it first and last got one: what proves a
/// large send reached everyone exactly once. Bounded: past <see cref="Capacity"/> addresses in all, new addresses are
/// only counted as untracked.
/// </summary>
internal sealed class RecipientTally
{
    public const int Capacity = 2_000_000;

    public const int MaxListed = 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, Entry>> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _untracked = new(StringComparer.Ordinal);
    private int _addresses;

    public void Add(string accountId, IEnumerable<string> recipients, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var counts))
            {
                counts = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
                _accounts.Add(accountId, counts);
            }

            foreach (var recipient in recipients)
            {
                if (counts.TryGetValue(recipient, out var entry))
                {
                    counts[recipient] = entry with { Count = entry.Count + 1, Last = at };
                }
                else if (_addresses < Capacity)
                {
                    counts.Add(recipient, new Entry(1, at, at));
                    _addresses++;
                }
                else
                {
                    _untracked[accountId] = _untracked.GetValueOrDefault(accountId) + 1;
                }
            }
        }
    }

    /// <summary>The account's recipients whose address starts with <paramref name="prefix"/> (any case; empty for all).</summary>
    public SandboxRecipients Summarize(string accountId, string prefix)
    {
        long distinct = 0, total = 0;
        DateTimeOffset? first = null, last = null;
        var duplicated = new List<SandboxRecipientCount>();
        var duplicatedCount = 0;
        long untracked;
        lock (_gate)
        {
            untracked = _untracked.GetValueOrDefault(accountId);
            foreach (var (address, entry) in _accounts.GetValueOrDefault(accountId) ?? [])
            {
                if (!address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                distinct++;
                total += entry.Count;
                first = first is { } f && f <= entry.First ? f : entry.First;
                last = last is { } l && l >= entry.Last ? l : entry.Last;
                if (entry.Count > 1)
                {
                    duplicatedCount++;
                    if (duplicated.Count < MaxListed)
                    {
                        duplicated.Add(new SandboxRecipientCount(address, entry.Count));
                    }
                }
            }
        }

        return new SandboxRecipients(accountId, prefix, distinct, total, first, last,
            new SandboxDuplicatedRecipients(duplicatedCount, [.. duplicated.OrderBy(d => d.Address, StringComparer.OrdinalIgnoreCase)]), untracked);
    }

    /// <summary>Forgets one account's recipients, so a second run against the same account counts from zero.</summary>
    public void Clear(string accountId)
    {
        lock (_gate)
        {
            if (_accounts.Remove(accountId, out var counts))
            {
                _addresses -= counts.Count;
            }

            _untracked.Remove(accountId);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _accounts.Clear();
            _untracked.Clear();
            _addresses = 0;
        }
    }

    private readonly record struct Entry(int Count, DateTimeOffset First, DateTimeOffset Last);
}
