using Microsoft.Extensions.Logging;

namespace EmailList.Aws.Ses;

internal static partial class SesClientLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "SES {Operation} attempt {Attempt} failed ({ErrorCode}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string errorCode, TimeSpan delay);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "SES {Operation} failed in {Region}: {Kind} ({ErrorCode})")]
    public static partial void Failed(ILogger logger, string operation, string region, string kind, string errorCode);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug,
        Message = "SES {Operation} succeeded in {Region}")]
    public static partial void Succeeded(ILogger logger, string operation, string region);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug,
        Message = "SES {Operation} in {Region}: {Resource} already exists")]
    public static partial void AlreadyExists(ILogger logger, string operation, string region, string resource);
}
