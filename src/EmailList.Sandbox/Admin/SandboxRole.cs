using System.Text.Json.Serialization;

namespace EmailList.Sandbox.Admin;

/// <summary>Body and answer of <c>PUT /_sandbox/roles</c>: an IAM role and the trust policy that lets the platform assume it.</summary>
/// <param name="ExternalId">Required member; null means the trust policy has no sts:ExternalId condition.</param>
/// <param name="TrustedAccountId">The account the trust policy names; null means the platform's account.</param>
public sealed record SandboxRole(
    string RoleArn,
    [property: JsonRequired] string? ExternalId,
    string? TrustedAccountId = null,
    int MaxSessionDurationSeconds = 3600);
