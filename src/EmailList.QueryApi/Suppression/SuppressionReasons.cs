using EmailList.Core.Suppression;

namespace EmailList.QueryApi.Suppression;

/// <summary>Reasons as the API writes them: upper case, as SES names BOUNCE and COMPLAINT.</summary>
internal static class SuppressionReasons
{
    public const string Valid = "MANUAL, BOUNCE, COMPLAINT, UNSUBSCRIBE";

    private static readonly Dictionary<string, SuppressionReason> Names =
        Enum.GetValues<SuppressionReason>().ToDictionary(r => r.ToString(), StringComparer.OrdinalIgnoreCase);

    public static bool TryParse(string? text, out SuppressionReason reason)
    {
        reason = default;
        return text is not null && Names.TryGetValue(text.Trim(), out reason);
    }

    public static string Format(SuppressionReason reason) => reason.ToString().ToUpperInvariant();
}
