using System.Diagnostics.Metrics;
using EmailList.Core.Events;

namespace EmailList.EventIngester.Events;

/// <summary>Counters of meter <see cref="MeterName"/>: events stored, duplicates and drops (tagged with the reason), and list unsubscribes.</summary>
public sealed class IngesterMetrics
{
    public const string MeterName = "EmailList.EventIngester";

    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _listUnsubscribes;
    private readonly Counter<long> _scheduledMailConfirmed;

    public IngesterMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _stored = meter.CreateCounter<long>("emaillist.ingester.events.stored", "{event}", "SES events stored for the first time.");
        _duplicates = meter.CreateCounter<long>("emaillist.ingester.events.duplicates", "{event}", "Redelivered SES events that were already stored.");
        _dropped = meter.CreateCounter<long>("emaillist.ingester.events.dropped", "{event}", "SES events acknowledged but not stored: no tenant could be attributed.");
        _listUnsubscribes = meter.CreateCounter<long>("emaillist.ingester.list_unsubscribes", "{event}",
            "Complaints and SES unsubscribes of list mail, by reason and outcome (unsubscribed, no_subscription, malformed_tags).");
        _scheduledMailConfirmed = meter.CreateCounter<long>("emaillist.ingester.scheduled_mail_confirmed", "{mail}",
            "Scheduled mails marked Sent by their SES event because the dispatcher had not recorded the send (a crash or a timeout).");
    }

    public void Stored(SesEventType type) => _stored.Add(1, new KeyValuePair<string, object?>("type", type.ToString()));

    public void Duplicate(SesEventType type) => _duplicates.Add(1, new KeyValuePair<string, object?>("type", type.ToString()));

    public void ListUnsubscribe(string reason, string outcome) =>
        _listUnsubscribes.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("outcome", outcome));

    public void ScheduledMailConfirmed() => _scheduledMailConfirmed.Add(1);

    public void Dropped(DropReason reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", TagOf(reason)));

    public static string TagOf(DropReason reason) => reason switch
    {
        DropReason.UnknownAccount => "unknown_account",
        DropReason.TenantMismatch => "tenant_mismatch",
        DropReason.AmbiguousAccount => "ambiguous_account",
        _ => reason.ToString(),
    };
}
