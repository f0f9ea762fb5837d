using Microsoft.Extensions.Logging;

namespace EmailList.Core.Scheduling;

internal static partial class ScheduledMailDispatcherLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Dispatcher {Owner} started: polling every {PollInterval}, lease {Lease}, {BatchSize} claims in hand, {PerTenantLimit} per tenant, {Concurrency} sends at once")]
    public static partial void Started(ILogger logger, string owner, TimeSpan pollInterval, TimeSpan lease, int batchSize, int perTenantLimit, int concurrency);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Dispatcher {Owner} stopped; {InFlight} claims were finished or given back")]
    public static partial void Stopped(ILogger logger, string owner, int inFlight);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Sent scheduled mail {MailId} of tenant {TenantId} as SES message {MessageId}, {LatenessMs} ms after its time")]
    public static partial void Sent(ILogger logger, string mailId, string tenantId, string messageId, double latenessMs);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Scheduled mail {MailId} of tenant {TenantId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string mailId, string tenantId, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "SES throttled scheduled mail {MailId} of tenant {TenantId}; trying again after {NotBefore:O}")]
    public static partial void Throttled(ILogger logger, string mailId, string tenantId, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Could not send scheduled mail {MailId} of tenant {TenantId} ({Cause}, attempt {Attempt}); trying again after {NotBefore:O}")]
    public static partial void Retrying(ILogger logger, Exception exception, string mailId, string tenantId, string cause, int attempt, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "The claim on scheduled mail {MailId} of tenant {TenantId} was lost (its lease ran out and another instance took it) before it could be marked {Outcome}")]
    public static partial void LostClaim(ILogger logger, string mailId, string tenantId, string outcome);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Error, Message = "SES accepted scheduled mail {MailId} of tenant {TenantId} as {MessageId}, but the claim was lost before it was marked sent: its Send event will mark it sent (another instance waits for it and does not send it again)")]
    public static partial void SentButClaimLost(ILogger logger, string mailId, string tenantId, string messageId);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Error, Message = "Claiming due scheduled mail failed; trying again at the next poll")]
    public static partial void ClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Gave back scheduled mail {MailId} of tenant {TenantId} unsent ({Cause})")]
    public static partial void Released(ILogger logger, string mailId, string tenantId, string cause);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Error, Message = "Could not complete the claim on scheduled mail {MailId} of tenant {TenantId}; its lease will run out and it will be claimed again")]
    public static partial void CompleteFailed(ILogger logger, Exception exception, string mailId, string tenantId);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Debug, Message = "Skipped broadcast mail {MailId} of tenant {TenantId}: {Reason}")]
    public static partial void Skipped(ILogger logger, string mailId, string tenantId, string reason);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Scheduled mail {MailId} of tenant {TenantId} was handed to SES at {HandedAt:O} with no answer recorded; waiting until {Until:O} for its Send event before giving up (it is not sent again)")]
    public static partial void AwaitingAcceptance(ILogger logger, string mailId, string tenantId, DateTimeOffset handedAt, DateTimeOffset until);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "SES did not answer in time for scheduled mail {MailId} of tenant {TenantId}; it may have been sent, so it waits until {Until:O} for its Send event instead of being sent again")]
    public static partial void TimedOut(ILogger logger, string mailId, string tenantId, DateTimeOffset until);
}
