namespace EmailList.Sandbox.Admin;

/// <summary>Body of <c>PUT /_sandbox/accounts/{accountId}</c>; a missing member takes the default shown.</summary>
/// <param name="VerifiedIdentities">Addresses or domains verified in SES; null means <c>["example.com"]</c>.</param>
/// <param name="Regions">Regions where SES is set up with these settings; null means every region. In any other region the account's SES is a fresh one (see <see cref="FreshRegion"/>).</param>
public sealed record SandboxAccountSettings(
    bool SendingEnabled = true,
    bool ProductionAccessEnabled = true,
    string EnforcementStatus = "HEALTHY",
    double MaxSendRate = 14,
    double Max24HourSend = 50000,
    IReadOnlyList<string>? VerifiedIdentities = null,
    IReadOnlyList<string>? Regions = null)
{
    public static readonly IReadOnlyList<string> DefaultVerifiedIdentities = ["example.com"];

    /// <summary>SES in a region the account never set up: in the SES sandbox, 200 a day at 1 per second, nothing verified.</summary>
    public static readonly SandboxAccountSettings FreshRegion = new(ProductionAccessEnabled: false, MaxSendRate: 1, Max24HourSend: 200, VerifiedIdentities: []);

    public bool IsSetUpIn(string region) => Regions is null || Regions.Contains(region, StringComparer.Ordinal);
}
