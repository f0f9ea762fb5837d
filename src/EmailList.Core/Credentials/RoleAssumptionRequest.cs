namespace EmailList.Core.Credentials;

/// <param name="SessionPolicy">Inline session policy (JSON) that narrows what the session may do.</param>
public sealed record RoleAssumptionRequest(
    string RoleArn,
    string ExternalId,
    string SessionName,
    TimeSpan Duration,
    string? SessionPolicy);
