namespace EmailList.Core.Credentials;

/// <summary>What the shared cache holds for a tenant: the credentials and the role they were issued for.</summary>
/// <param name="RoleFingerprint">Identifies role ARN + external ID; a mismatch means the role changed and the entry is stale.</param>
public sealed record CachedCredentials(string RoleFingerprint, TemporaryCredentials Credentials);
