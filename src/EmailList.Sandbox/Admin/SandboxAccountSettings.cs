namespace EmailList.Sandbox.Admin;

/// <summary>Body of <c>PUT /_sandbox/accounts/{accountId}</c>; a missing member takes the default shown.</summary>
/// <param name="VerifiedIdentities">Addresses or domains verified in SES; null means <c>["example.com"]</c>.</param>
public sealed record SandboxAccountSettings(
    bool SendingEnabled = true,
    bool ProductionAccessEnabled = true,
    string EnforcementStatus = "HEALTHY",
    double MaxSendRate = 14,
    double Max24HourSend = 50000,
    IReadOnlyList<string>? VerifiedIdentities = null)
{
    public static readonly IReadOnlyList<string> DefaultVerifiedIdentities = ["example.com"];
}
