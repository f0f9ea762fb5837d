namespace EmailList.Sandbox.Admin;

/// <summary>An EventBridge bus: its resource policy (the platform bus: one fixed statement) and rules.</summary>
public sealed record SandboxEventBus(
    string Name,
    string Arn,
    string AccountId,
    string Region,
    IReadOnlyList<SandboxBusStatement> Policy,
    IReadOnlyList<SandboxEventRule> Rules);
