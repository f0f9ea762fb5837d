namespace EmailList.Sandbox.Admin;

/// <summary>An emulated SES account as the admin API reports it (its set-up regions; null means every region).</summary>
public sealed record SandboxAccount(
    string AccountId,
    bool SendingEnabled,
    bool ProductionAccessEnabled,
    string EnforcementStatus,
    double MaxSendRate,
    double Max24HourSend,
    double SentLast24Hours,
    IReadOnlyList<string> VerifiedIdentities,
    int SuppressedDestinations,
    IReadOnlyList<string>? Regions = null);
