using Microsoft.AspNetCore.Mvc;

namespace EmailList.Dashboard.Pages.Emails;

/// <summary>The Emails page's filters, as the browser sends them, and as GET /events takes them.</summary>
public sealed class EventFilterForm
{
    public const int PageSize = 25;

    public static readonly IReadOnlyList<string> EventTypes =
        ["Send", "Delivery", "Open", "Click", "Bounce", "Complaint", "DeliveryDelay", "Reject", "RenderingFailure", "Subscription"];

    public static readonly IReadOnlyList<(string Value, string Label)> Presets =
        [("", "Any time"), ("24h", "Last 24 hours"), ("7d", "Last 7 days"), ("30d", "Last 30 days"), ("1y", "Last year")];

    [FromQuery(Name = "preset")]
    public string? Preset { get; set; }

    /// <summary>A day (UTC), from an input of type date.</summary>
    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    [FromQuery(Name = "type")]
    public IList<string> Types { get; } = [];

    [FromQuery(Name = "recipient")]
    public string? Recipient { get; set; }

    [FromQuery(Name = "messageId")]
    public string? MessageId { get; set; }

    [FromQuery(Name = "tag")]
    public string? Tag { get; set; }

    [FromQuery(Name = "template")]
    public string? Template { get; set; }

    [FromQuery(Name = "broadcast")]
    public string? Broadcast { get; set; }

    public bool IsFiltered =>
        new[] { Preset, From, To, Recipient, MessageId, Tag, Template, Broadcast }.Any(v => !string.IsNullOrWhiteSpace(v)) || Types.Count > 0;

    /// <summary>The same filters for the browser (links such as "load more" keep them).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Pairs()
    {
        foreach (var (name, value) in new[] { ("preset", Preset), ("from", From), ("to", To), ("recipient", Recipient), ("messageId", MessageId), ("tag", Tag), ("template", Template), ("broadcast", Broadcast) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return new(name, value.Trim());
            }
        }

        foreach (var type in Types.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            yield return new("type", type);
        }
    }

    /// <summary>The query for GET /events: the filters, a page size, and the cursor of the page before.</summary>
    public QueryString ToApiQuery(string? cursor)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var pair in Pairs())
        {
            // The date inputs give a day; the API takes an instant.
            pairs.Add(pair.Key is "from" or "to" && pair.Value!.Length == 10 ? new(pair.Key, pair.Value + "T00:00:00Z") : pair);
        }

        pairs.Add(new("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(cursor))
        {
            pairs.Add(new("cursor", cursor));
        }

        return QueryString.Create(pairs);
    }
}
