namespace EmailList.Sandbox.Admin;

/// <summary>An EventBridge rule and its targets; <paramref name="State"/> is ENABLED or DISABLED.</summary>
public sealed record SandboxEventRule(string Name, string Arn, string? EventPattern, string State, string? Description, IReadOnlyList<SandboxRuleTarget> Targets);
