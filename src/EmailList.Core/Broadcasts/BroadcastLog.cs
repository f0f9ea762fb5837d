using Microsoft.Extensions.Logging;

namespace EmailList.Core.Broadcasts;

internal static partial class BroadcastLog
{
    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Broadcast expander {Owner} started: polling every {PollInterval}, {PageSize} contacts a page")]
    public static partial void Started(ILogger logger, string owner, TimeSpan pollInterval, int pageSize);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Broadcast {BroadcastId} of tenant {TenantId} started sending")]
    public static partial void StartedSending(ILogger logger, string broadcastId, string tenantId);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Debug, Message = "Queued {Added} recipients of broadcast {BroadcastId} of tenant {TenantId} (up to contact {Cursor})")]
    public static partial void Queued(ILogger logger, int added, string broadcastId, string tenantId, string? cursor);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Information, Message = "Every recipient of broadcast {BroadcastId} of tenant {TenantId} is queued")]
    public static partial void Expanded(ILogger logger, string broadcastId, string tenantId);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Information, Message = "Broadcast {BroadcastId} of tenant {TenantId} is done: {Sent} sent, {Skipped} skipped, {Failed} failed")]
    public static partial void Completed(ILogger logger, string broadcastId, string tenantId, int sent, int skipped, int failed);

    [LoggerMessage(EventId = 7206, Level = LogLevel.Warning, Message = "Broadcast {BroadcastId} of tenant {TenantId} paused itself: {Reason}")]
    public static partial void Guarded(ILogger logger, string broadcastId, string tenantId, string reason);

    [LoggerMessage(EventId = 7207, Level = LogLevel.Error, Message = "Working on broadcast {BroadcastId} of tenant {TenantId} failed; trying again at the next poll")]
    public static partial void StepFailed(ILogger logger, Exception exception, string broadcastId, string tenantId);

    [LoggerMessage(EventId = 7208, Level = LogLevel.Error, Message = "Reading the active broadcasts failed; trying again at the next poll")]
    public static partial void ListFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7209, Level = LogLevel.Information, Message = "Broadcast expander {Owner} stopped")]
    public static partial void Stopped(ILogger logger, string owner);
}
