using Microsoft.Extensions.Logging;

namespace EmailList.Aws;

internal static partial class AwsClientLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "{Service} {Operation} attempt {Attempt} failed ({ErrorCode}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string service, string operation, int attempt, string errorCode, TimeSpan delay);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "{Service} {Operation} failed in {Region}: {Kind} ({ErrorCode})")]
    public static partial void Failed(ILogger logger, string service, string operation, string region, string kind, string errorCode);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug,
        Message = "{Service} {Operation} succeeded in {Region}")]
    public static partial void Succeeded(ILogger logger, string service, string operation, string region);
}
