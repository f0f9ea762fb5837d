using Microsoft.Extensions.Logging;

namespace EmailList.Aws.Sts;

internal static partial class StsRoleAssumerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "AssumeRole for {RoleArn} failed: {Failure} ({ErrorCode}, HTTP {StatusCode})")]
    public static partial void Failed(ILogger logger, string roleArn, string failure, string errorCode, int statusCode);

    // Onboarding assumes each role once without the external ID, expecting a refusal: that one is not worth a warning.
    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug,
        Message = "AssumeRole for {RoleArn} without an external ID was refused, as it should be: {ErrorCode}")]
    public static partial void RefusedWithoutExternalId(ILogger logger, string roleArn, string errorCode);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "AssumeRole for {RoleArn} could not reach STS")]
    public static partial void Unreachable(ILogger logger, string roleArn, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug,
        Message = "Assumed {RoleArn}; credentials expire at {Expiration}")]
    public static partial void Assumed(ILogger logger, string roleArn, DateTimeOffset expiration);
}
