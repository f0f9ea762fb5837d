using System.Diagnostics.Metrics;
using EmailList.Core.Events;

namespace EmailList.EventIngester.Events;

/// <summary>Counters of meter <see cref="MeterName"/>: events stored, duplicates and drops (tagged with the reason).</summary>
public sealed class IngesterMetrics
{
    public const string MeterName = "EmailList.EventIngester";

    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _dropped;

    public IngesterMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _stored = meter.CreateCounter<long>("emaillist.ingester.events.stored", "{event}", "SES events stored for the first time.");
        _duplicates = meter.CreateCounter<long>("emaillist.ingester.events.duplicates", "{event}", "Redelivered SES events that were already stored.");
        _dropped = meter.CreateCounter<long>("emaillist.ingester.events.dropped", "{event}", "SES events acknowledged but not stored: no tenant could be attributed.");
    }

    public void Stored(SesEventType type) => _stored.Add(1, new KeyValuePair<string, object?>("type", type.ToString()));

    public void Duplicate(SesEventType type) => _duplicates.Add(1, new KeyValuePair<string, object?>("type", type.ToString()));

    public void Dropped(DropReason reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", TagOf(reason)));

    public static string TagOf(DropReason reason) => reason switch
    {
        DropReason.UnknownAccount => "unknown_account",
        DropReason.TenantMismatch => "tenant_mismatch",
        DropReason.AmbiguousAccount => "ambiguous_account",
        _ => reason.ToString(),
    };
}
