namespace EmailList.Sandbox.Admin;

public sealed record SandboxRuleTarget(string Id, string Arn, string? RoleArn);
