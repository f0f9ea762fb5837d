namespace EmailList.Core.Suppression;

/// <param name="NextCursor">Store-level continuation; APIs wrap it before handing it to clients.</param>
public sealed record SuppressionPage(IReadOnlyList<SuppressionEntry> Items, string? NextCursor);
