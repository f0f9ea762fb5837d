using Microsoft.Extensions.Logging;

namespace EmailList.Sqlite;

internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SQLite schema of {DataSource} migrated from version {From} to {To}")]
    public static partial void SchemaMigrated(ILogger logger, string dataSource, int from, int to);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "SQLite schema of {DataSource} is at version {Version}")]
    public static partial void SchemaCurrent(ILogger logger, string dataSource, int version);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Purged {Count} expired events")]
    public static partial void EventsPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Purging expired events failed; the next run tries again")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Purged {Count} expired webhook deliveries")]
    public static partial void DeliveriesPurged(ILogger logger, int count);
}
