using EmailList.Core.Suppression;

namespace EmailList.QueryApi.Suppression;

internal sealed record SuppressionEntryResponse(string Email, string Reason, string Source, DateTimeOffset CreatedAt)
{
    public static SuppressionEntryResponse From(SuppressionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Email, SuppressionReasons.Format(entry.Reason), entry.Source, entry.CreatedAt);
    }
}
