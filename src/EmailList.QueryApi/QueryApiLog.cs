using Microsoft.Extensions.Logging;

namespace EmailList.QueryApi;

internal static partial class QueryApiLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Suppression sync ({Direction}) for tenant {TenantId}: pulled {Pulled}, pushed {Pushed}")]
    public static partial void Synced(ILogger logger, string tenantId, string direction, int pulled, int pushed);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Suppression import for tenant {TenantId}: {Imported} imported, {Skipped} skipped")]
    public static partial void Imported(ILogger logger, string tenantId, int imported, int skipped);
}
