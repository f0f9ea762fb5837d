namespace EmailList.Sandbox.Admin;

/// <summary>One statement of an event bus's resource policy, as PutPermission made it: <paramref name="Principal"/> is an account id or <c>*</c>.</summary>
public sealed record SandboxBusStatement(string StatementId, string Principal, string Action);
