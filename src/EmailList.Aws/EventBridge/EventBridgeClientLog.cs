using Microsoft.Extensions.Logging;

namespace EmailList.Aws.EventBridge;

internal static partial class EventBridgeClientLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning,
        Message = "EventBridge {Operation} attempt {Attempt} failed ({ErrorCode}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string errorCode, TimeSpan delay);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning,
        Message = "EventBridge {Operation} failed in {Region}: {Kind} ({ErrorCode})")]
    public static partial void Failed(ILogger logger, string operation, string region, string kind, string errorCode);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Debug,
        Message = "EventBridge {Operation} succeeded in {Region}")]
    public static partial void Succeeded(ILogger logger, string operation, string region);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Debug,
        Message = "EventBridge RemovePermission in {Region}: bus {EventBusName} has no statement {StatementId}")]
    public static partial void NoSuchStatement(ILogger logger, string region, string eventBusName, string statementId);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning,
        Message = "EventBridge PutTargets in {Region} refused target {TargetId} of rule {Rule}: {ErrorCode}")]
    public static partial void TargetFailed(ILogger logger, string region, string rule, string targetId, string errorCode);
}
