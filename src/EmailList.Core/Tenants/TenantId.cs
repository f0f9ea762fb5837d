using System.Text.RegularExpressions;

namespace EmailList.Core.Tenants;

/// <summary>Tenant ids appear in storage keys, SES tags and STS session names, so their alphabet is narrow.</summary>
public static partial class TenantId
{
    public const int MaxLength = 48;

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,47}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
