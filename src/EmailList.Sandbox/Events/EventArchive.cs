using System.Text.Json.Nodes;

namespace EmailList.Sandbox.Events;

/// <summary>
/// The platform bus's archive (retained indefinitely, as an archive without a retention period is): every event that reached the bus,
/// by its <c>time</c>, except replayed ones (an archive's rule ignores events that carry <c>replay-name</c>). And the replays started from it.
/// </summary>
internal sealed class EventArchive(string accountId, string region, string busName)
{
    public const string DefaultName = "emaillist-ses-events";

    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset Time, byte[] Body)> _events = [];
    private readonly Dictionary<string, ReplayRecord> _replays = new(StringComparer.Ordinal);

    public static string Name => DefaultName;

    public string Arn => $"arn:aws:events:{region}:{accountId}:archive/{DefaultName}";

    public string BusArn => $"arn:aws:events:{region}:{accountId}:event-bus/{busName}";

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    public void Add(DateTimeOffset time, byte[] body)
    {
        lock (_gate)
        {
            _events.Add((time, body));
        }
    }

    /// <summary>The archived events whose time is in [<paramref name="start"/>, <paramref name="end"/>), each with <c>replay-name</c> added and its id kept.</summary>
    public IReadOnlyList<byte[]> ForReplay(string replayName, DateTimeOffset start, DateTimeOffset end)
    {
        List<byte[]> bodies;
        lock (_gate)
        {
            bodies = [.. _events.Where(e => e.Time >= start && e.Time < end).Select(e => e.Body)];
        }

        return [.. bodies.Select(body =>
        {
            var node = JsonNode.Parse(body)!.AsObject();
            node["replay-name"] = replayName;
            return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        })];
    }

    /// <returns>False when a replay of that name exists already.</returns>
    public bool TryAddReplay(ReplayRecord replay)
    {
        lock (_gate)
        {
            return _replays.TryAdd(replay.Name, replay);
        }
    }

    public ReplayRecord? FindReplay(string name)
    {
        lock (_gate)
        {
            return _replays.GetValueOrDefault(name);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
            _replays.Clear();
        }
    }
}

/// <summary>One replay: what it asked for, and when it ended (the sandbox replays at once).</summary>
internal sealed record ReplayRecord(
    string Name, string Arn, string ArchiveArn, string DestinationArn, DateTimeOffset EventStartTime, DateTimeOffset EventEndTime,
    DateTimeOffset StartedAt, DateTimeOffset EndedAt, int Replayed);
