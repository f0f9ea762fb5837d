namespace EmailList.Sandbox.Admin;

/// <summary>
/// Answer of <c>GET /_sandbox/accounts/{accountId}/forwarding?region=</c>: what the account has in one region on the way from SES
/// to the platform bus. <paramref name="SesSetUp"/> is false when SES in that region is a fresh account (not in the account's Regions).
/// </summary>
public sealed record SandboxForwarding(
    string AccountId,
    string Region,
    bool SesSetUp,
    IReadOnlyList<SandboxConfigurationSet> ConfigurationSets,
    IReadOnlyList<SandboxEventBus> EventBuses);
