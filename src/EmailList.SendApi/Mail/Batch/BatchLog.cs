using Microsoft.Extensions.Logging;

namespace EmailList.SendApi.Mail.Batch;

internal static partial class BatchLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Batch of {Count} for tenant {TenantId} ({Mode}): {Delivered} sent or scheduled, {Failed} not")]
    public static partial void Completed(ILogger logger, string tenantId, int count, BatchValidation mode, int delivered, int failed);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Item {Index} of a batch for tenant {TenantId} failed unexpectedly")]
    public static partial void ItemFailed(ILogger logger, Exception exception, string tenantId, int index);
}
