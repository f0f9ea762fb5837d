using Microsoft.Extensions.Logging;

namespace EmailList.Aws.Dynamo;

internal static partial class DynamoDbLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created DynamoDB table {Table}")]
    public static partial void TableCreated(ILogger logger, string table);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DynamoDB table {Table} already exists")]
    public static partial void TableExists(ILogger logger, string table);
}
