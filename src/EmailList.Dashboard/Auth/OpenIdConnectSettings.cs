using System.ComponentModel.DataAnnotations;

namespace EmailList.Dashboard.Auth;

/// <summary>
/// The identity provider that signs tenants' users in (Dashboard:SignIn = OpenIdConnect). Its access token must be one
/// the APIs accept: issued for their audience, with the tenant claim and the scopes the pages need.
/// </summary>
public sealed class OpenIdConnectSettings
{
    public const string SectionName = "Dashboard:OpenIdConnect";

    /// <summary>The issuer, e.g. https://login.example.com/; its discovery document is read at start.</summary>
    [Required(ErrorMessage = "Dashboard:OpenIdConnect:Authority is required when Dashboard:SignIn is OpenIdConnect (or set Dashboard:SignIn to Local on a developer machine).")]
    [Url]
    public string? Authority { get; set; }

    [Required(ErrorMessage = "Dashboard:OpenIdConnect:ClientId is required when Dashboard:SignIn is OpenIdConnect.")]
    public string? ClientId { get; set; }

    /// <summary>The confidential client's secret (the dashboard is a server, so it can keep one).</summary>
    [Required(ErrorMessage = "Dashboard:OpenIdConnect:ClientSecret is required when Dashboard:SignIn is OpenIdConnect.")]
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides openid and profile: the APIs' scopes, or a resource's.</summary>
    public IList<string> Scopes { get; } = ["offline_access", "events:read", "suppression:write", "tenant:admin", "mail:send", "templates:write", "lists:read", "lists:write", "broadcasts:write"];

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The ID token claim naming the user's tenant, shown in the page header (the APIs' Auth:TenantClaim).</summary>
    [Required]
    public string TenantClaim { get; set; } = "tenant_id";
}
