namespace EmailList.EventIngester.Queue;

internal static partial class QueueLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Polling SQS queue {QueueUrl} with {Pollers} long-poll loops")]
    public static partial void Polling(ILogger logger, Uri queueUrl, int pollers);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "SQS message {MessageId} (received {ReceiveCount} times) is not an SES event and is left for the redrive policy: {Problem}")]
    public static partial void NotAnSesEvent(ILogger logger, string messageId, string receiveCount, string problem);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "A batch of {Count} SQS messages could not be stored; they come back after the visibility timeout")]
    public static partial void BatchNotStored(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Receiving from SQS failed; trying again in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "SQS did not delete {Count} messages ({Code}); they will be received again and stored as duplicates")]
    public static partial void DeleteFailed(ILogger logger, int count, string code);
}
