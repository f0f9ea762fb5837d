using System.Diagnostics.Metrics;

namespace EmailList.Core.Scheduling;

/// <summary>The dispatcher's instruments, on the meter <see cref="MeterName"/>.</summary>
public sealed class DispatcherMetrics
{
    public const string MeterName = "EmailList.Dispatcher";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _released;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _lostClaims;
    private readonly Histogram<double> _lateness;

    public DispatcherMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("emaillist.dispatcher.sent", "{mail}", "Scheduled mails SES accepted.");
        _throttled = meter.CreateCounter<long>("emaillist.dispatcher.throttled", "{mail}", "Scheduled mails SES throttled, given back to send later.");
        _failed = meter.CreateCounter<long>("emaillist.dispatcher.failed", "{mail}", "Scheduled mails marked Failed (never sent).");
        _skipped = meter.CreateCounter<long>("emaillist.dispatcher.skipped", "{mail}", "Broadcast mails deliberately not sent (unsubscribed since, suppressed, cancelled).");
        _released = meter.CreateCounter<long>("emaillist.dispatcher.released", "{mail}", "Claims given back unsent (SES unavailable, stopping, lease too short).");
        _lostClaims = meter.CreateCounter<long>("emaillist.dispatcher.lost_claims", "{mail}", "Claims found taken by another instance when completing them.");
        _lateness = meter.CreateHistogram<double>("emaillist.dispatcher.lateness", "s", "Time from a mail's ScheduledAt to SES accepting it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600] });
    }

    public void Sent(string tenantId, TimeSpan lateness)
    {
        var tenant = new KeyValuePair<string, object?>("tenant", tenantId);
        _sent.Add(1, tenant);
        _lateness.Record(Math.Max(0, lateness.TotalSeconds), tenant);
    }

    public void Throttled(string tenantId) => _throttled.Add(1, new KeyValuePair<string, object?>("tenant", tenantId));

    public void Failed(string tenantId, string cause) =>
        _failed.Add(1, new KeyValuePair<string, object?>("tenant", tenantId), new KeyValuePair<string, object?>("cause", cause));

    public void Skipped(string tenantId) => _skipped.Add(1, new KeyValuePair<string, object?>("tenant", tenantId));

    public void Released(string cause) => _released.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void LostClaim() => _lostClaims.Add(1);
}
