using System.ComponentModel.DataAnnotations;

namespace EmailList.ServiceDefaults.Auth;

/// <summary>
/// Bearer token validation. In production set <see cref="Authority"/> (an OIDC issuer whose keys are
/// discovered); on the embedded default, <see cref="SigningKeys"/> holds local symmetric keys.
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Auth";

    /// <summary>OIDC authority (e.g. https://login.example.com/); its discovery document supplies the signing keys.</summary>
    public string? Authority { get; set; }

    [Required]
    public string Issuer { get; set; } = "";

    [Required]
    public string Audience { get; set; } = "";

    /// <summary>Base64 symmetric keys (HS256), at least 32 bytes each. Used when no authority is set.</summary>
    public IList<string> SigningKeys { get; } = [];

    /// <summary>The claim that names the caller's tenant.</summary>
    [Required]
    public string TenantClaim { get; set; } = "tenant_id";

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool RequireHttpsMetadata { get; set; } = true;
}
