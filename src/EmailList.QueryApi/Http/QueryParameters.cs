using System.Globalization;
using Microsoft.Extensions.Primitives;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Http;

/// <summary>Reads query string parameters strictly: a misspelt or repeated parameter is an error rather than silently ignored.</summary>
internal static class QueryParameters
{
    public static void RejectUnknown(IQueryCollection query, IReadOnlyCollection<string> known, ValidationErrors errors)
    {
        foreach (var name in query.Keys)
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(name, $"Unknown parameter '{name}'; this endpoint takes {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>The parameter's one value; null when absent or empty.</summary>
    public static string? Single(IQueryCollection query, string name, ValidationErrors errors)
    {
        if (!query.TryGetValue(name, out var values) || StringValues.IsNullOrEmpty(values))
        {
            return null;
        }

        if (values.Count > 1)
        {
            errors.Add(name, $"Give '{name}' once.");
            return null;
        }

        return string.IsNullOrWhiteSpace(values[0]) ? null : values[0]!.Trim();
    }

    public static int Limit(IQueryCollection query, ValidationErrors errors, int defaultValue, int max)
    {
        var text = Single(query, "limit", errors);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > max)
        {
            errors.Add("limit", $"limit is a whole number from 1 to {max} (default {defaultValue}).");
            return defaultValue;
        }

        return limit;
    }
}
