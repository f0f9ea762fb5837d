using EmailList.Sandbox.Sts;

namespace EmailList.Sandbox.State;

/// <summary>Temporary credentials the sandbox issued, and what they may do.</summary>
internal sealed record StsSession(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration,
    string RoleArn,
    string AccountId,
    string AssumedRoleArn,
    SessionPolicy? Policy);
