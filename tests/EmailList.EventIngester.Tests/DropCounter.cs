using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EmailList.EventIngester.Events;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>Listens to one host's emaillist.ingester.events.dropped counter and tallies it by reason.</summary>
public sealed class DropCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);

    public DropCounter(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == IngesterMetrics.MeterName && instrument.Meter.Scope == factory
                && instrument.Name == "emaillist.ingester.events.dropped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    _byReason.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        _listener.Start();
    }

    public long this[string reason] => _byReason.GetValueOrDefault(reason);

    public void Dispose() => _listener.Dispose();
}
