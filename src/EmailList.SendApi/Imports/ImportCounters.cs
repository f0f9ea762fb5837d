using EmailList.Core.Lists;

namespace EmailList.SendApi.Imports;

/// <summary>An import's counts while a chunk's rows are handled at once; thread-safe.</summary>
internal sealed class ImportCounters
{
    private readonly Lock _gate = new();
    private readonly int _maxErrors;
    private readonly Dictionary<string, int> _skipped;
    private readonly List<ImportRowError> _errors;
    private int _processed;
    private int _created;
    private int _updated;
    private int _suppressed;

    public ImportCounters(ImportProgress start, int maxErrors)
    {
        _maxErrors = maxErrors;
        _processed = start.Processed;
        _created = start.Created;
        _updated = start.Updated;
        _suppressed = start.Suppressed;
        _skipped = new Dictionary<string, int>(start.Skipped, StringComparer.Ordinal);
        _errors = [.. start.Errors];
    }

    public void Imported(bool created, bool suppressed)
    {
        lock (_gate)
        {
            _processed++;
            if (created)
            {
                _created++;
            }
            else
            {
                _updated++;
            }

            if (suppressed)
            {
                _suppressed++;
            }
        }
    }

    public void Skip(int line, string reason, string message)
    {
        lock (_gate)
        {
            _processed++;
            _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;
            _errors.Add(new ImportRowError(line, reason, message));
        }
    }

    /// <summary>Adds a chunk's counts; its errors after these, in line order, while there is room.</summary>
    public void Add(ImportCounters chunk)
    {
        lock (_gate)
        {
            _processed += chunk._processed;
            _created += chunk._created;
            _updated += chunk._updated;
            _suppressed += chunk._suppressed;
            foreach (var (reason, count) in chunk._skipped)
            {
                _skipped[reason] = _skipped.GetValueOrDefault(reason) + count;
            }

            _errors.AddRange(chunk._errors.OrderBy(e => e.Line).Take(Math.Max(0, _maxErrors - _errors.Count)));
        }
    }

    public ImportProgress ToProgress(int chunksDone)
    {
        lock (_gate)
        {
            return new ImportProgress
            {
                ChunksDone = chunksDone,
                Processed = _processed,
                Created = _created,
                Updated = _updated,
                Suppressed = _suppressed,
                Skipped = new Dictionary<string, int>(_skipped, StringComparer.Ordinal),
                Errors = [.. _errors],
            };
        }
    }
}
