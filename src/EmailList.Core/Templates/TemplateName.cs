using System.Text.RegularExpressions;

namespace EmailList.Core.Templates;

/// <summary>SES's rule for template names: 1-64 of letters, digits, '_' and '-'. It also makes a name a valid SES tag value.</summary>
public static partial class TemplateName
{
    public const int MaxLength = 64;

    public const string Rule = "A template name is 1-64 of A-Z, a-z, 0-9, '_' and '-' (SES's rule).";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
