using System.Globalization;
using EmailList.ServiceDefaults.OpenApi;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Http;

/// <summary>Parses <c>from</c>/<c>to</c> (ISO-8601) or <c>preset</c> (24h, 7d, 30d, 1y), never both.</summary>
internal static class TimeWindowParser
{
    public static readonly IReadOnlyList<string> ParameterNames = ["from", "to", "preset"];

    public static readonly QueryParameter[] Documented =
    [
        new("from", "Start of the window, ISO 8601 (e.g. 2026-12-01T00:00:00Z)."),
        new("to", "End of the window (exclusive), ISO 8601; defaults to now."),
        new("preset", "Instead of from/to, a window ending now: 24h, 7d, 30d or 1y."),
    ];

    private static readonly Dictionary<string, TimeSpan> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
        ["1y"] = TimeSpan.FromDays(365),
    };

    public static TimeWindow Parse(IQueryCollection query, ValidationErrors errors)
    {
        var fromText = QueryParameters.Single(query, "from", errors);
        var toText = QueryParameters.Single(query, "to", errors);
        var presetText = QueryParameters.Single(query, "preset", errors);
        if (presetText is not null)
        {
            if (fromText is not null || toText is not null)
            {
                errors.Add("preset", "Give either preset or from/to, not both.");
                return TimeWindow.Unbounded;
            }

            if (!Presets.TryGetValue(presetText, out var span))
            {
                errors.Add("preset", $"'{Shorten(presetText)}' is not a preset; use one of 24h, 7d, 30d, 1y.");
                return TimeWindow.Unbounded;
            }

            return new TimeWindow(null, null, presetText.ToLowerInvariant(), span);
        }

        var from = ParseInstant(fromText, "from", errors);
        var to = ParseInstant(toText, "to", errors);
        if (from is not null && to is not null && from >= to)
        {
            errors.Add("to", "to must be later than from (the range is [from, to)).");
        }

        return new TimeWindow(from, to, null, null);
    }

    private static DateTimeOffset? ParseInstant(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        // An unescaped '+' in a query string arrives as a space: "09:00:00+01:00" becomes "09:00:00 01:00".
        text = text.Replace(' ', '+');
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mmK"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && value.Year is >= 1970 and <= 9998)
        {
            return value;
        }

        errors.Add(field, $"'{Shorten(text)}' is not an ISO-8601 timestamp; write e.g. 2026-03-01T00:00:00Z (UTC) or 2026-03-01T09:00:00+01:00.");
        return null;
    }

    internal static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
