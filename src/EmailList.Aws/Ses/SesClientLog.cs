using Microsoft.Extensions.Logging;

namespace EmailList.Aws.Ses;

internal static partial class SesClientLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "SES {Operation} in {Region}: {Resource} already exists")]
    public static partial void AlreadyExists(ILogger logger, string operation, string region, string resource);
}
