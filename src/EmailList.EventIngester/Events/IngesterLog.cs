using EmailList.Core.Suppression;

namespace EmailList.EventIngester.Events;

internal static partial class IngesterLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Dropped SES event {EventId} of AWS account {AccountId}: {Reason}")]
    public static partial void EventDropped(ILogger logger, string eventId, string accountId, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Storing SES event {EventId} failed; it is not acknowledged (503 to a POST, left in the queue) so it comes again")]
    public static partial void StorageFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Suppressed a recipient of tenant {TenantId} after SES event {EventId} ({Reason})")]
    public static partial void RecipientSuppressed(ILogger logger, string tenantId, string eventId, SuppressionReason reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "SES event {EventId} of tenant {TenantId} unsubscribes from all topics, but its mail had {Count} recipients and the event does not say which one; nobody was suppressed")]
    public static partial void UnsubscriberUnknown(ILogger logger, string tenantId, string eventId, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "SES event {EventId} of tenant {TenantId}: contact {ContactId} is unsubscribed from list {ListId} ({Reason})")]
    public static partial void ContactUnsubscribed(ILogger logger, string tenantId, string eventId, string listId, string contactId, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "SES event {EventId} of tenant {TenantId} names list {ListId} and contact {ContactId}, but the tenant has no such subscription (erased, deleted, or not the tenant's); nothing to unsubscribe")]
    public static partial void NoSubscriptionToEnd(ILogger logger, string tenantId, string eventId, string listId, string contactId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "SES event {EventId} of tenant {TenantId} carries el_list/el_contact tags that are not a list id and a contact id; nothing to unsubscribe")]
    public static partial void ListTagsMalformed(ILogger logger, string tenantId, string eventId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "SES event {EventId} of tenant {TenantId} confirms scheduled mail {MailId} as sent (message {MessageId}); its sending instance had not recorded it")]
    public static partial void ScheduledMailConfirmed(ILogger logger, string tenantId, string eventId, string mailId, string messageId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "SES event {EventId} of tenant {TenantId} carries an el_mail tag that is not a scheduled mail id; ignored")]
    public static partial void ScheduledMailTagMalformed(ILogger logger, string tenantId, string eventId);
}
