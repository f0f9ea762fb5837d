namespace EmailList.Core.Events;

/// <summary>The argument checks every <see cref="IEventStore"/> makes on tag filters.</summary>
public static class EventTagRules
{
    /// <exception cref="ArgumentException">A tag value without a name, or a required tag with an empty name or value.</exception>
    public static void Check(EventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrEmpty(query.TagName) && !string.IsNullOrEmpty(query.TagValue))
        {
            throw new ArgumentException("A tag value needs a tag name.", nameof(query));
        }

        Check(query.RequiredTags, nameof(query));
    }

    /// <exception cref="ArgumentException">A required tag with an empty name or value, or an empty group-by tag name.</exception>
    public static void Check(EventCountQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Check(query.RequiredTags, nameof(query));
        if (query.GroupByTag is { Length: 0 })
        {
            throw new ArgumentException("A group-by tag needs a name.", nameof(query));
        }
    }

    private static void Check(IReadOnlyList<EventTagFilter>? tags, string parameter)
    {
        if (tags is not null && tags.Any(tag => tag is null || string.IsNullOrEmpty(tag.Name) || string.IsNullOrEmpty(tag.Value)))
        {
            throw new ArgumentException("A required tag needs a name and a value.", parameter);
        }
    }
}
