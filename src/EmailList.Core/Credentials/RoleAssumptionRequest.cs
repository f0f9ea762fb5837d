namespace EmailList.Core.Credentials;

/// <param name="ExternalId">Null only to probe whether the role wrongly trusts us without one.</param>
/// <param name="SessionPolicy">Inline session policy (JSON) that narrows what the session may do.</param>
public sealed record RoleAssumptionRequest(
    string RoleArn,
    string? ExternalId,
    string SessionName,
    TimeSpan Duration,
    string? SessionPolicy);
