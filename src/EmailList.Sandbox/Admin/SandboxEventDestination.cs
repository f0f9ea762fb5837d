namespace EmailList.Sandbox.Admin;

/// <summary>An event destination of a configuration set; <paramref name="EventBusArn"/> is null for destinations other than EventBridge.</summary>
public sealed record SandboxEventDestination(string Name, bool Enabled, IReadOnlyList<string> MatchingEventTypes, string? EventBusArn);
