using EmailList.Core.Lists;

namespace EmailList.SendApi.Subscriptions;

// Addresses and tokens are never logged: contact ids and list ids say enough to follow a case.
internal static partial class PublicListLog
{
    [LoggerMessage(EventId = 12101, Level = LogLevel.Information, Message = "Sign-ups from client {Client} refused: over the per-client limit")]
    public static partial void ClientLimited(ILogger logger, string client);

    [LoggerMessage(EventId = 12102, Level = LogLevel.Information, Message = "A sign-up to list {ListId} of tenant {TenantId} refused: the address is over the per-address limit")]
    public static partial void AddressLimited(ILogger logger, string tenantId, string listId);

    [LoggerMessage(EventId = 12103, Level = LogLevel.Information, Message = "A sign-up to list {ListId} of tenant {TenantId} from {Client} filled the honeypot field; ignored")]
    public static partial void Honeypot(ILogger logger, string tenantId, string listId, string client);

    [LoggerMessage(EventId = 12104, Level = LogLevel.Information, Message = "A sign-up to list {ListId} of tenant {TenantId} is for a suppressed address; nothing changed, no mail")]
    public static partial void SuppressedSignUp(ILogger logger, string tenantId, string listId);

    [LoggerMessage(EventId = 12105, Level = LogLevel.Information, Message = "Contact {ContactId} subscribed to list {ListId} of tenant {TenantId} (no double opt-in)")]
    public static partial void Subscribed(ILogger logger, string tenantId, string listId, string contactId);

    [LoggerMessage(EventId = 12106, Level = LogLevel.Information, Message = "Confirm link of contact {ContactId} on list {ListId} of tenant {TenantId}: {Outcome}")]
    public static partial void ConfirmLink(ILogger logger, string tenantId, string listId, string contactId, ConfirmOutcome outcome);

    [LoggerMessage(EventId = 12107, Level = LogLevel.Information, Message = "Confirmation resend for contact {ContactId} on list {ListId} of tenant {TenantId}; queued: {Queued}")]
    public static partial void Resent(ILogger logger, string tenantId, string listId, string contactId, bool queued);

    [LoggerMessage(EventId = 12108, Level = LogLevel.Information, Message = "Contact {ContactId} unsubscribed from list {ListId} of tenant {TenantId} ({Reason})")]
    public static partial void Unsubscribed(ILogger logger, string tenantId, string listId, string contactId, string reason);

    [LoggerMessage(EventId = 12109, Level = LogLevel.Information, Message = "Contact {ContactId} subscribed again to list {ListId} of tenant {TenantId} from the unsubscribe page")]
    public static partial void Resubscribed(ILogger logger, string tenantId, string listId, string contactId);

    [LoggerMessage(EventId = 12110, Level = LogLevel.Information, Message = "Deleted {Count} pending sign-ups created before {CreatedBefore:O}")]
    public static partial void StaleDeleted(ILogger logger, int count, DateTimeOffset createdBefore);

    [LoggerMessage(EventId = 12111, Level = LogLevel.Warning, Message = "Deleting stale pending sign-ups failed; trying again next round")]
    public static partial void StaleDeleteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 12112, Level = LogLevel.Warning, Message = "Redis is unavailable for the shared sign-up limits; each instance enforces them in process until it answers again")]
    public static partial void SharedLimitsUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 12113, Level = LogLevel.Information, Message = "Redis answers the shared sign-up limits again")]
    public static partial void SharedLimitsRestored(ILogger logger);
}
