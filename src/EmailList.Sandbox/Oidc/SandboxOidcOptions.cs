using System.ComponentModel.DataAnnotations;

namespace EmailList.Sandbox.Oidc;

/// <summary>
/// A stand-in OpenID Connect provider (configuration section "Sandbox:Oidc"), off unless enabled: one confidential
/// client (the dashboard) signs users in by picking a tenant, and gets access tokens the query and send APIs accept
/// when their <c>Auth:Authority</c> is this sandbox. For tests and developer machines only: it asks for no password.
/// </summary>
public sealed class SandboxOidcOptions : IValidatableObject
{
    public const string SectionName = "Sandbox:Oidc";

    public bool Enabled { get; set; }

    [Required]
    public string ClientId { get; set; } = "emaillist-dashboard";

    public string? ClientSecret { get; set; }

    /// <summary>Where the client may be sent back after sign-in, exactly (e.g. http://127.0.0.1:5084/signin-oidc).</summary>
    public IList<string> RedirectUris { get; } = [];

    /// <summary>Where the client may be sent back after sign-out, exactly (e.g. http://127.0.0.1:5084/signout-callback-oidc).</summary>
    public IList<string> PostLogoutRedirectUris { get; } = [];

    /// <summary>The audience of the access tokens: the APIs' <c>Auth:Audience</c>.</summary>
    [Required]
    public string Audience { get; set; } = "emaillist";

    /// <summary>The claim naming the tenant: the APIs' <c>Auth:TenantClaim</c>.</summary>
    [Required]
    public string TenantClaim { get; set; } = "tenant_id";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrEmpty(ClientSecret) || ClientSecret.Length < 16)
        {
            yield return new ValidationResult("Sandbox:Oidc:ClientSecret must be at least 16 characters when Sandbox:Oidc:Enabled is true.");
        }

        if (RedirectUris.Count == 0 || RedirectUris.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
        {
            yield return new ValidationResult("Sandbox:Oidc:RedirectUris needs at least one absolute URI, the client's callback (e.g. http://127.0.0.1:5084/signin-oidc).");
        }
    }
}
