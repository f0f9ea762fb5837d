using System.ComponentModel.DataAnnotations;

namespace EmailList.Standalone;

/// <summary>The embedded default: where things listen and which demo tenant is seeded.</summary>
public sealed class StandaloneOptions
{
    public const string SectionName = "Standalone";

    [Required]
    public string SendApiUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Where the local STS + SES stand-in listens; empty to use real AWS (then set Sts/Ses yourself).</summary>
    public string? SandboxUrl { get; set; } = "http://127.0.0.1:4566";

    [Required]
    public string DemoTenantId { get; set; } = "demo";

    /// <summary>The demo tenant's AWS account in the sandbox, and the role it pastes.</summary>
    [Required]
    public string DemoAccountId { get; set; } = "222222222222";

    [Required]
    public string DemoRoleName { get; set; } = "EmailListSender";

    /// <summary>Identities (domains or addresses) verified in the demo SES account.</summary>
    public IList<string> DemoVerifiedIdentities { get; } = ["example.com"];
}
