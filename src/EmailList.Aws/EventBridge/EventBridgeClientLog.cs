using Microsoft.Extensions.Logging;

namespace EmailList.Aws.EventBridge;

internal static partial class EventBridgeClientLog
{
    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "EventBridge PutTargets in {Region} refused target {TargetId} of rule {Rule}: {ErrorCode}")]
    public static partial void TargetFailed(ILogger logger, string region, string rule, string targetId, string errorCode);
}
