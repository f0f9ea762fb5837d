using System.Text;
using Amazon.SQS.Model;
using EmailList.EventIngester.Events;

namespace EmailList.EventIngester.Queue;

/// <summary>
/// One received batch: each message parsed as the EventBridge event its body is; the SES events ingested together (stored once per
/// event id, or dropped when no tenant claims them). Returns what may be deleted: every message whose event was stored, found a
/// duplicate or dropped. A message that is not an SES event is not returned, so the redrive policy moves it to the dead-letter queue.
/// </summary>
/// <exception cref="EventStorageException">Storage failed: nothing of the batch may be deleted; it comes back after the visibility timeout.</exception>
public sealed class QueueBatchHandler(SesEventIngestor ingestor, QueueMetrics metrics, TimeProvider time, ILogger<QueueBatchHandler> logger)
{
    public async Task<IReadOnlyList<Message>> HandleAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var now = time.GetUtcNow();
        var events = new List<ParsedSesEvent>(messages.Count);
        var done = new List<Message>(messages.Count);
        foreach (var message in messages)
        {
            try
            {
                events.Add(SesEventParser.ParseBody(Encoding.UTF8.GetBytes(message.Body ?? string.Empty), now, maxBatchSize: 1)[0]);
                done.Add(message);
            }
            catch (SesEventFormatException e)
            {
                metrics.Poison();
                var receiveCount = message.Attributes?.GetValueOrDefault("ApproximateReceiveCount") ?? "?";
                QueueLog.NotAnSesEvent(logger, message.MessageId ?? "(none)", receiveCount, e.Message);
            }
        }

        if (events.Count > 0)
        {
            await ingestor.IngestAsync(events, cancellationToken);
        }

        return done;
    }
}
