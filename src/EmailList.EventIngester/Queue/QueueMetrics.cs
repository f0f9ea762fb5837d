using System.Diagnostics.Metrics;

namespace EmailList.EventIngester.Queue;

/// <summary>Instruments of the queue poller, on the ingester's meter: messages received, deleted and left as poison, batches not stored.</summary>
public sealed class QueueMetrics
{
    private readonly Counter<long> _received;
    private readonly Counter<long> _deleted;
    private readonly Counter<long> _poison;
    private readonly Counter<long> _failedBatches;
    private readonly Histogram<int> _batchSize;

    public QueueMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Events.IngesterMetrics.MeterName);
        _received = meter.CreateCounter<long>("emaillist.ingester.queue.received", "{message}", "SQS messages received (a redelivery counts again).");
        _deleted = meter.CreateCounter<long>("emaillist.ingester.queue.deleted", "{message}", "SQS messages deleted after their event was stored, found a duplicate or dropped.");
        _poison = meter.CreateCounter<long>("emaillist.ingester.queue.poison", "{message}", "SQS messages that are not SES events, left for the redrive policy (dead-letter queue).");
        _failedBatches = meter.CreateCounter<long>("emaillist.ingester.queue.batches_not_stored", "{batch}", "Received batches left undeleted because storage failed.");
        _batchSize = meter.CreateHistogram<int>("emaillist.ingester.queue.batch_size", "{message}", "Messages per non-empty receive.");
    }

    public void Received(int count)
    {
        _received.Add(count);
        _batchSize.Record(count);
    }

    public void Deleted(int count) => _deleted.Add(count);

    public void Poison() => _poison.Add(1);

    public void BatchNotStored() => _failedBatches.Add(1);
}
