namespace EmailList.Sandbox.Admin;

/// <summary>An SES configuration set of one account in one region, with its event destinations.</summary>
public sealed record SandboxConfigurationSet(string Name, IReadOnlyList<SandboxEventDestination> EventDestinations);
