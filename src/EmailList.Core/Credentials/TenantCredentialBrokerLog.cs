using Microsoft.Extensions.Logging;

namespace EmailList.Core.Credentials;

internal static partial class TenantCredentialBrokerLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Assumed the role of tenant {TenantId}; credentials expire at {Expiration:O}")]
    public static partial void AssumedRole(ILogger logger, string tenantId, DateTimeOffset expiration);
}
