using Microsoft.Extensions.Logging;

namespace EmailList.SendApi.Imports;

internal static partial class ImportLog
{
    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Import {ImportId} of tenant {TenantId} queued: {Rows} rows in {Chunks} chunks")]
    public static partial void Queued(ILogger logger, string tenantId, string importId, int rows, int chunks);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Information, Message = "Import {ImportId} of tenant {TenantId} claimed (attempt {Attempt}), from chunk {Chunk} of {Chunks}")]
    public static partial void Claimed(ILogger logger, string tenantId, string importId, int attempt, int chunk, int chunks);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Information, Message = "Import {ImportId} of tenant {TenantId} ended {Status}: {Created} created, {Updated} updated, {Skipped} skipped")]
    public static partial void Ended(ILogger logger, string tenantId, string importId, Core.Lists.ImportStatus status, int created, int updated, int skipped);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Warning, Message = "Import {ImportId} of tenant {TenantId}: the claim was lost (its lease ran out); another instance continues it")]
    public static partial void LostClaim(ILogger logger, string tenantId, string importId);

    [LoggerMessage(EventId = 7305, Level = LogLevel.Error, Message = "Import worker failed; its import is taken up again when the lease runs out")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7306, Level = LogLevel.Warning, Message = "An upload for import {ImportId} of tenant {TenantId} was refused half way; its chunks could not be deleted")]
    public static partial void CleanupFailed(ILogger logger, string tenantId, string importId, Exception exception);
}
