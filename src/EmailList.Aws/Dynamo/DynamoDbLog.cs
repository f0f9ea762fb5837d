using Microsoft.Extensions.Logging;

namespace EmailList.Aws.Dynamo;

internal static partial class DynamoDbLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Created DynamoDB table {Table}")]
    public static partial void TableCreated(ILogger logger, string table);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "DynamoDB table {Table} already exists")]
    public static partial void TableExists(ILogger logger, string table);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Enabled TTL on {Table} (attribute {Attribute})")]
    public static partial void TimeToLiveEnabled(ILogger logger, string table, string attribute);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "The DynamoDB endpoint does not support TTL; expired items of {Table} are not deleted")]
    public static partial void TimeToLiveUnsupported(ILogger logger, string table);
}
