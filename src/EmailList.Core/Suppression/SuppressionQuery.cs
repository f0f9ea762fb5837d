namespace EmailList.Core.Suppression;

/// <summary>Entries ordered by address; <paramref name="AddressPrefix"/> matches normalized addresses.</summary>
public sealed record SuppressionQuery(
    SuppressionReason? Reason = null,
    string? AddressPrefix = null,
    int Limit = 100,
    string? Cursor = null);
