using Microsoft.Extensions.Logging;

namespace EmailList.Core.Sending;

internal static partial class SendRateLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Tenant {TenantId} may send to {Rate} recipients per second (SES MaxSendRate)")]
    public static partial void RateRead(ILogger logger, string tenantId, double rate);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Could not read the SES send rate of tenant {TenantId}; pacing at {Rate} recipients per second until the next try")]
    public static partial void RateUnknown(ILogger logger, Exception exception, string tenantId, double rate);
}
