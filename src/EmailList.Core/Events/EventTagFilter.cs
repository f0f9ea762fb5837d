namespace EmailList.Core.Events;

/// <summary>A tag an event's message must carry with this value (one of SES's values for it).</summary>
public sealed record EventTagFilter(string Name, string Value);
