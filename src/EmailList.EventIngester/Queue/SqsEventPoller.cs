using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using EmailList.EventIngester.Events;
using Microsoft.Extensions.Options;

namespace EmailList.EventIngester.Queue;

/// <summary>
/// Takes the platform's SES events from the SQS queue the platform bus's rule fills: <see cref="QueueOptions.Pollers"/> loops, each
/// long-polling for up to 10 messages, handing them to <see cref="QueueBatchHandler"/> and deleting what it stored, found stored, or
/// dropped. What is not deleted (storage failed, or not an SES event) shows again after the visibility timeout; the queue's redrive
/// policy moves a message received too often to the dead-letter queue. While the ingester is down, the queue keeps everything (14 days).
/// </summary>
public sealed class SqsEventPoller(
    IAmazonSQS sqs,
    QueueBatchHandler handler,
    QueueMetrics metrics,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<SqsEventPoller> logger) : BackgroundService
{
    private const int MaxMessages = 10;

    /// <summary>Named as the ingester's application, which service defaults' OpenTelemetry set-up listens to.</summary>
    private static readonly ActivitySource Tracing = new("EmailList.EventIngester");

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        QueueLog.Polling(logger, settings.QueueUrl!, settings.Pollers);
        return Task.WhenAll(Enumerable.Range(0, settings.Pollers).Select(_ => Task.Run(() => PollAsync(settings, stoppingToken), stoppingToken)));
    }

    private async Task PollAsync(QueueOptions settings, CancellationToken stoppingToken)
    {
        var queueUrl = settings.QueueUrl!.AbsoluteUri;
        var request = new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = MaxMessages,
            WaitTimeSeconds = (int)settings.WaitTime.TotalSeconds,
            VisibilityTimeout = (int)settings.VisibilityTimeout.TotalSeconds,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var response = await sqs.ReceiveMessageAsync(request, stoppingToken);
                if (response.Messages is not { Count: > 0 } messages)
                {
                    continue;
                }

                metrics.Received(messages.Count);
                using var activity = Tracing.StartActivity("SQS batch", ActivityKind.Consumer);
                activity?.SetTag("messaging.system", "aws_sqs");
                activity?.SetTag("messaging.batch.message_count", messages.Count);
                IReadOnlyList<Message> done;
                try
                {
                    // Not the stopping token: a batch begun is stored to the end, so a stop does not leave it to the visibility timeout.
                    done = await handler.HandleAsync(messages, CancellationToken.None);
                }
                catch (EventStorageException e)
                {
                    metrics.BatchNotStored();
                    QueueLog.BatchNotStored(logger, e, messages.Count);
                    await Task.Delay(settings.ErrorDelay, time, stoppingToken);
                    continue;
                }

                await DeleteAsync(queueUrl, done);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AmazonSQSException or Amazon.Runtime.AmazonClientException or HttpRequestException)
            {
                QueueLog.ReceiveFailed(logger, e, settings.ErrorDelay);
                try
                {
                    await Task.Delay(settings.ErrorDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeleteAsync(string queueUrl, IReadOnlyList<Message> done)
    {
        if (done.Count == 0)
        {
            return;
        }

        var request = new DeleteMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [.. done.Select((message, index) => new DeleteMessageBatchRequestEntry(index.ToString(System.Globalization.CultureInfo.InvariantCulture), message.ReceiptHandle))],
        };
        try
        {
            var response = await sqs.DeleteMessageBatchAsync(request, CancellationToken.None);
            var failed = response.Failed?.Count ?? 0;
            metrics.Deleted(done.Count - failed);
            if (failed > 0)
            {
                QueueLog.DeleteFailed(logger, failed, response.Failed![0].Code ?? "unknown");
            }
        }
        catch (Exception e) when (e is AmazonSQSException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            // Stored already: the redelivery is a duplicate, which the event id turns into a no-op.
            QueueLog.DeleteFailed(logger, done.Count, e.GetType().Name);
        }
    }
}
