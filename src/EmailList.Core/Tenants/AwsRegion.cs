using System.Text.RegularExpressions;

namespace EmailList.Core.Tenants;

public static partial class AwsRegion
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-\\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
