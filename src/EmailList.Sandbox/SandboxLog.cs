using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox;

internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "{Service} request refused: {Code} ({Method} {Path})")]
    public static partial void AuthRefused(ILogger logger, string service, string code, string method, string path);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "AssumeRole {RoleArn} succeeded; session {AccessKeyId} expires {Expiration:O}")]
    public static partial void RoleAssumed(ILogger logger, string roleArn, string accessKeyId, DateTimeOffset expiration);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "{Operation} for account {AccountId} refused: {Code}")]
    public static partial void OperationRefused(ILogger logger, string operation, string accountId, string code);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "SendEmail accepted {MessageId} for account {AccountId} ({Recipients} recipients)")]
    public static partial void EmailAccepted(ILogger logger, string messageId, string accountId, int recipients);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Injected fault for {Operation} in account {AccountId}: {StatusCode} {Code}")]
    public static partial void FaultInjected(ILogger logger, string operation, string accountId, int statusCode, string code);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "SES events now go to {Target}")]
    public static partial void EventTargetSet(ILogger logger, string target);

    [LoggerMessage(EventId = 9007, Level = LogLevel.Warning, Message = "Gave up delivering event {EventId} ({DetailType}) after {Attempts} attempts: {Reason}")]
    public static partial void EventDeliveryFailed(ILogger logger, string eventId, string detailType, int attempts, string reason);

    [LoggerMessage(EventId = 9008, Level = LogLevel.Warning, Message = "Dropped event {EventId} ({DetailType}): the delivery queue holds {Capacity} events and was full")]
    public static partial void EventDropped(ILogger logger, string eventId, string detailType, int capacity);

    [LoggerMessage(EventId = 9009, Level = LogLevel.Information, Message = "Event {EventId} ({DetailType}) not forwarded to the platform bus: {Reason}")]
    public static partial void EventNotForwarded(ILogger logger, string eventId, string detailType, string reason);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "OpenID Connect sign-in: {User} of tenant {TenantId}")]
    public static partial void OidcSignedIn(ILogger logger, string user, string tenantId);
}
