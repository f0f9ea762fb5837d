using System.Text.Json.Serialization;

namespace EmailList.Sandbox.Admin;

/// <summary>Body and answer of <c>PUT /_sandbox/roles</c>: an IAM role, the trust policy that lets the platform assume it, and its permission policy.</summary>
/// <param name="ExternalId">Required member; null means the trust policy has no sts:ExternalId condition.</param>
/// <param name="TrustedAccountId">The account the trust policy names; null means the platform's account.</param>
/// <param name="Permissions">IAM actions the role's permission policy allows, globs such as <c>ses:*</c>; null means <see cref="DefaultPermissions"/>, what the customer CloudFormation template grants.</param>
public sealed record SandboxRole(
    string RoleArn,
    [property: JsonRequired] string? ExternalId,
    string? TrustedAccountId = null,
    int MaxSessionDurationSeconds = 3600,
    IReadOnlyList<string>? Permissions = null)
{
    public static readonly IReadOnlyList<string> DefaultPermissions =
    [
        "ses:SendEmail", "ses:SendRawEmail", "ses:GetAccount", "ses:ListEmailIdentities", "ses:*SuppressedDestination*",
        "ses:CreateConfigurationSet", "ses:CreateConfigurationSetEventDestination", "ses:GetConfigurationSet*",
        "ses:ListEmailTemplates", "ses:GetEmailTemplate",
        "events:PutRule", "events:PutTargets", "events:DescribeRule", "events:ListTargetsByRule", "iam:PassRole",
    ];
}
