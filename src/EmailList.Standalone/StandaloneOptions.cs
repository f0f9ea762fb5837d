using System.ComponentModel.DataAnnotations;

namespace EmailList.Standalone;

/// <summary>The embedded default: where things listen and which demo tenant is seeded.</summary>
public sealed class StandaloneOptions
{
    public const string SectionName = "Standalone";

    [Required]
    public string SendApiUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Where the event ingester listens; the sandbox delivers SES events to it.</summary>
    [Required]
    public string IngesterUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>Where the query API (events, statistics, suppression list) listens.</summary>
    [Required]
    public string QueryApiUrl { get; set; } = "http://127.0.0.1:5082";

    /// <summary>Where the dispatcher (which sends scheduled mail) answers its health checks.</summary>
    [Required]
    public string DispatcherUrl { get; set; } = "http://127.0.0.1:5083";

    /// <summary>Where the tenant dashboard (web pages over the query and send APIs) listens.</summary>
    [Required]
    public string DashboardUrl { get; set; } = "http://127.0.0.1:5084";

    /// <summary>Where the local STS + SES stand-in listens; empty to use real AWS (then configure Sts, Ses and Auth).</summary>
    public string? SandboxUrl { get; set; } = "http://127.0.0.1:4566";

    /// <summary>SQLite database and the local keys.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,47}$")]
    public string DemoTenantId { get; set; } = "demo";

    /// <summary>The demo tenant's AWS account in the sandbox, and the role it pastes.</summary>
    [Required]
    [RegularExpression("^[0-9]{12}$")]
    public string DemoAccountId { get; set; } = "222222222222";

    [Required]
    public string DemoRoleName { get; set; } = "EmailListSender";

    /// <summary>Identities (domains or addresses) verified in the demo SES account.</summary>
    public IList<string> DemoVerifiedIdentities { get; } = ["example.com"];

    public bool UsesSandbox => !string.IsNullOrEmpty(SandboxUrl);

    public string DemoRoleArn => $"arn:aws:iam::{DemoAccountId}:role/{DemoRoleName}";
}
