using System.Text.RegularExpressions;

namespace EmailList.Sandbox.State;

/// <summary>A registered IAM role with a trust policy naming one account and, optionally, an external ID.</summary>
internal sealed partial record RoleRegistration(
    string RoleArn,
    string AccountId,
    string RoleName,
    string RoleId,
    string TrustedAccountId,
    string? ExternalId,
    int MaxSessionDurationSeconds,
    IReadOnlyList<string> Permissions)
{
    public static bool TryParseArn(string? arn, out string accountId, out string roleName)
    {
        accountId = roleName = string.Empty;
        if (arn is null || RoleArnPattern().Match(arn) is not { Success: true } match)
        {
            return false;
        }

        accountId = match.Groups["account"].Value;
        roleName = match.Groups["name"].Value;
        return true;
    }

    [GeneratedRegex(@"^arn:aws:iam::(?<account>\d{12}):role/(?:[\w+=,.@-]+/)*(?<name>[\w+=,.@-]{1,64})$")]
    private static partial Regex RoleArnPattern();
}
