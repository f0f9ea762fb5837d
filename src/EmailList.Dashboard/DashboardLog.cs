using Microsoft.Extensions.Logging;

namespace EmailList.Dashboard;

internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Signed in locally as tenant {TenantId}")]
    public static partial void SignedInLocally(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "The API refused the session's token ({Status}); signing the user out")]
    public static partial void SessionRefused(ILogger logger, int status);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "{Api} did not answer {Method} {Path}")]
    public static partial void ApiUnreachable(ILogger logger, Exception exception, string api, string method, string path);
}
