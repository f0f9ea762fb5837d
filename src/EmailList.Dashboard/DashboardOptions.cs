using System.ComponentModel.DataAnnotations;

namespace EmailList.Dashboard;

/// <summary>Where the dashboard finds the APIs it fronts, and how tenants sign in.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>The query API; a service-discovery name (https+http://query-api) or a URL.</summary>
    [Required]
    public string QueryApiUrl { get; set; } = "https+http://query-api";

    /// <summary>The send API; a service-discovery name (https+http://send-api) or a URL.</summary>
    [Required]
    public string SendApiUrl { get; set; } = "https+http://send-api";

    /// <summary>OpenIdConnect (production) or Local (the embedded default: pick a tenant, no password).</summary>
    [Required]
    public SignInMode SignIn { get; set; } = SignInMode.OpenIdConnect;

    /// <summary>How long a signed-in session lasts without use.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);
}
