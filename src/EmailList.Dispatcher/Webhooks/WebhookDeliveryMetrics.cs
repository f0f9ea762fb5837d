using System.Diagnostics.Metrics;

namespace EmailList.Dispatcher.Webhooks;

/// <summary>Webhook delivery instruments, on the dispatcher's meter.</summary>
public sealed class WebhookDeliveryMetrics
{
    public const string MeterName = "EmailList.Dispatcher.Webhooks";

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _deferred;
    private readonly Counter<long> _disabled;
    private readonly Counter<long> _lostClaims;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _lateness;

    public WebhookDeliveryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _attempts = meter.CreateCounter<long>("emaillist.webhooks.attempts", "{attempt}", "Delivery attempts, by outcome: succeeded, retry, failed, skipped (webhook disabled or deleted).");
        _deferred = meter.CreateCounter<long>("emaillist.webhooks.deferred", "{delivery}", "Claims left to their lease: their webhook already had all its slots in hand.");
        _disabled = meter.CreateCounter<long>("emaillist.webhooks.disabled", "{webhook}", "Webhooks the platform disabled, by reason.");
        _lostClaims = meter.CreateCounter<long>("emaillist.webhooks.lost_claims", "{delivery}", "Attempts whose claim another instance had taken by the time they were recorded.");
        _duration = meter.CreateHistogram<double>("emaillist.webhooks.attempt.duration", "s", "Time from connecting to the end of the endpoint's answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5] });
        _lateness = meter.CreateHistogram<double>("emaillist.webhooks.lateness", "s", "Time from a delivery's creation to its successful attempt.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86400] });
    }

    public void Attempted(string outcome, int durationMs)
    {
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _duration.Record(durationMs / 1000.0);
    }

    public void Delivered(TimeSpan lateness) => _lateness.Record(Math.Max(0, lateness.TotalSeconds));

    public void Deferred() => _deferred.Add(1);

    public void Disabled(string reason) => _disabled.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LostClaim() => _lostClaims.Add(1);
}
