using System.ComponentModel.DataAnnotations;

namespace EmailList.Dashboard.Auth;

/// <summary>
/// Local sign-in (Dashboard:SignIn = Local): a page where a developer names a tenant, and a development token for it.
/// The token comes from the send API's loopback-only <see cref="TokenPath"/> (the embedded default's GET /_dev/token), or,
/// when <see cref="SigningKey"/> is set, is minted here with the APIs' local signing key (the AppHost).
/// </summary>
public sealed class LocalSignInOptions : IValidatableObject
{
    public const string SectionName = "Dashboard:LocalSignIn";

    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,47}$")]
    public string DefaultTenant { get; set; } = "demo";

    /// <summary>The development token endpoint on the send API.</summary>
    public string? TokenPath { get; set; } = "/_dev/token";

    /// <summary>Base64 HS256 key the APIs accept (Auth:SigningKeys:0); with <see cref="Issuer"/> and <see cref="Audience"/>.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>The claim naming the tenant in a minted token (the APIs' Auth:TenantClaim).</summary>
    public string TenantClaim { get; set; } = "tenant_id";

    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public bool MintsTokens => !string.IsNullOrEmpty(SigningKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MintsTokens && (string.IsNullOrEmpty(Issuer) || string.IsNullOrEmpty(Audience)))
        {
            yield return new ValidationResult("With Dashboard:LocalSignIn:SigningKey, set Issuer and Audience to the APIs' Auth:Issuer and Auth:Audience.");
        }

        if (!MintsTokens && string.IsNullOrEmpty(TokenPath))
        {
            yield return new ValidationResult("Local sign-in needs Dashboard:LocalSignIn:TokenPath (the send API's /_dev/token) or a SigningKey.");
        }
    }
}
