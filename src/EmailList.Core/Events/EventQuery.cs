namespace EmailList.Core.Events;

/// <summary>
/// Events newest first (OccurredAt descending, then EventId descending), in [From, To).
/// Every filter given must match; <paramref name="Recipient"/> is a normalized address.
/// </summary>
/// <param name="Cursor">Store-level continuation from the previous page; APIs sign it before handing it out.</param>
/// <param name="RequiredTags">
/// Tags the message must also carry, each with its value, beside <paramref name="TagName"/>/<paramref name="TagValue"/>
/// (e.g. el_template and el_template_version together).
/// </param>
public sealed record EventQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    IReadOnlySet<SesEventType>? Types = null,
    string? Recipient = null,
    string? MessageId = null,
    string? TagName = null,
    string? TagValue = null,
    int Limit = 50,
    string? Cursor = null,
    IReadOnlyList<EventTagFilter>? RequiredTags = null)
{
    /// <summary>Every name=value tag the message must carry: <see cref="TagName"/>/<see cref="TagValue"/> when both are given, then <see cref="RequiredTags"/>.</summary>
    public IReadOnlyList<EventTagFilter> ValueTags()
    {
        var tags = new List<EventTagFilter>();
        if (!string.IsNullOrEmpty(TagName) && !string.IsNullOrEmpty(TagValue))
        {
            tags.Add(new EventTagFilter(TagName, TagValue));
        }

        if (RequiredTags is not null)
        {
            tags.AddRange(RequiredTags);
        }

        return tags;
    }
}
