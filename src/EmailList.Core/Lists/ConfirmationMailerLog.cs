using Microsoft.Extensions.Logging;

namespace EmailList.Core.Lists;

internal static partial class ConfirmationMailerLog
{
    [LoggerMessage(EventId = 12001, Level = LogLevel.Information, Message = "Queued the confirmation mail of list {ListId} of tenant {TenantId} to contact {ContactId} as scheduled mail {MailId}")]
    public static partial void Queued(ILogger logger, string tenantId, string listId, string contactId, string mailId);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Information, Message = "No confirmation mail of list {ListId} of tenant {TenantId} to contact {ContactId}: one went at {LastSentAt:O}, within the confirmation interval")]
    public static partial void TooSoon(ILogger logger, string tenantId, string listId, string contactId, DateTimeOffset lastSentAt);

    [LoggerMessage(EventId = 12003, Level = LogLevel.Warning, Message = "The confirmation content of list {ListId} of tenant {TenantId} cannot be used ({Reason}); the built-in confirmation mail is sent instead")]
    public static partial void OwnContentUnusable(ILogger logger, string tenantId, string listId, string reason);
}
