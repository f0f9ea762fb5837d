using System.Text.RegularExpressions;
using EmailList.Core.Events;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Events;

internal static partial class EventFilterParser
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static readonly IReadOnlyList<string> Parameters =
        ["from", "to", "preset", "type", "recipient", "messageId", "tag", .. MailTagFilterParser.Parameters, "limit", "cursor"];

    private static readonly Dictionary<string, SesEventType> TypeNames =
        Enum.GetValues<SesEventType>().ToDictionary(t => t.ToString(), StringComparer.OrdinalIgnoreCase);

    public static string ValidTypes { get; } = string.Join(", ", Enum.GetNames<SesEventType>());

    public static EventFilter Parse(IQueryCollection query, ValidationErrors errors)
    {
        QueryParameters.RejectUnknown(query, Parameters, errors);
        var window = TimeWindowParser.Parse(query, errors);
        var types = ParseTypes(query, errors);

        string? recipient = null;
        if (QueryParameters.Single(query, "recipient", errors) is { } recipientText)
        {
            recipient = EmailAddressRules.Normalize(recipientText, out var error);
            if (error is not null)
            {
                errors.Add("recipient", error);
            }
        }

        var messageId = QueryParameters.Single(query, "messageId", errors);
        if (messageId is not null && !MessageIdText().IsMatch(messageId))
        {
            errors.Add("messageId", "A message id is the SES message id returned by POST /mail: 1-256 printable ASCII characters.");
        }

        string? tagName = null;
        string? tagValue = null;
        if (QueryParameters.Single(query, "tag", errors) is { } tag)
        {
            var colon = tag.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !TagText().IsMatch(tag[..colon]) || !TagText().IsMatch(tag[(colon + 1)..]))
            {
                errors.Add("tag", "A tag filter is name:value, e.g. tag=campaign:spring; names and values are 1-256 of A-Z, a-z, 0-9, '_' and '-'.");
            }
            else
            {
                tagName = tag[..colon];
                tagValue = tag[(colon + 1)..];
            }
        }

        var requiredTags = MailTagFilterParser.Parse(query, errors);
        var limit = QueryParameters.Limit(query, errors, DefaultLimit, MaxLimit);
        var cursor = QueryParameters.Single(query, "cursor", errors);
        return new EventFilter(window, types, recipient, messageId, tagName, tagValue, limit, cursor, requiredTags);
    }

    /// <summary>Parses SES event type names, case-insensitively and with or without spaces ("Rendering Failure").</summary>
    public static bool TryParseType(string text, out SesEventType type) => TypeNames.TryGetValue(text.Replace(" ", "", StringComparison.Ordinal), out type);

    private static HashSet<SesEventType>? ParseTypes(IQueryCollection query, ValidationErrors errors)
    {
        if (!query.TryGetValue("type", out var values))
        {
            return null;
        }

        var types = new HashSet<SesEventType>();
        foreach (var name in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (TryParseType(name, out var type))
            {
                types.Add(type);
            }
            else
            {
                errors.Add("type", $"'{TimeWindowParser.Shorten(name)}' is not an SES event type; use one or more of {ValidTypes} (repeat type= or separate with commas).");
            }
        }

        return types.Count == 0 ? null : types;
    }

    [GeneratedRegex("^[!-~]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdText();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagText();
}
