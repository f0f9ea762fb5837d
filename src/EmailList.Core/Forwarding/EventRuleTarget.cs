namespace EmailList.Core.Forwarding;

/// <summary>A target of an EventBridge rule (PutTargets).</summary>
/// <param name="RoleArn">The role EventBridge uses to deliver; required by AWS for an event bus in another region.</param>
public sealed record EventRuleTarget(string Id, string Arn, string? RoleArn = null);
