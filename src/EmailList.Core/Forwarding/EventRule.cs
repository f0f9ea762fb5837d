namespace EmailList.Core.Forwarding;

/// <summary>An EventBridge rule (PutRule) on a bus of the session's account.</summary>
/// <param name="EventPattern">The pattern as JSON, e.g. <c>{"source":["aws.ses"]}</c>.</param>
public sealed record EventRule(string Name, string EventPattern, string? Description = null, string EventBusName = "default");
