namespace EmailList.Sandbox.Admin;

/// <summary>An EventBridge bus: its resource policy (PutPermission statements) and rules.</summary>
public sealed record SandboxEventBus(
    string Name,
    string Arn,
    string AccountId,
    string Region,
    IReadOnlyList<SandboxBusStatement> Policy,
    IReadOnlyList<SandboxEventRule> Rules);
