using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace EmailList.Core.Tenants;

/// <summary>An IAM role ARN: <c>arn:aws:iam::123456789012:role/path/name</c>.</summary>
public sealed partial record RoleArn(string Partition, string AccountId, string Path, string Name)
{
    public string Value => $"arn:{Partition}:iam::{AccountId}:role{Path}{Name}";

    public override string ToString() => Value;

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out RoleArn? arn)
    {
        arn = null;
        if (value is null || value.Length > 2048)
        {
            return false;
        }

        var match = Pattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        arn = new RoleArn(match.Groups["partition"].Value, match.Groups["account"].Value,
            match.Groups["path"].Value, match.Groups["name"].Value);
        return true;
    }

    // Role names: 1-64 of [\w+=,.@-]; the path is "/" or "/segment/.../".
    [GeneratedRegex(@"^arn:(?<partition>aws|aws-cn|aws-us-gov):iam::(?<account>\d{12}):role(?<path>/(?:[\w+=,.@-]+/)*)(?<name>[\w+=,.@-]{1,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
