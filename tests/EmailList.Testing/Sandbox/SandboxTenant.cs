namespace EmailList.Testing.Sandbox;

/// <summary>An SES account with a role the platform may assume, as <see cref="SandboxFixture.CreateTenantAsync"/> set it up.</summary>
public sealed record SandboxTenant(string AccountId, string RoleArn, string? ExternalId);
