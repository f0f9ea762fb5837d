namespace EmailList.Core.Suppression;

/// <param name="Email">The normalized address (<see cref="EmailAddressNormalizer"/>).</param>
/// <param name="Source">Where it came from: "api", "ses-event:&lt;event id&gt;", "ses-sync", ...</param>
public sealed record SuppressionEntry(
    string TenantId,
    string Email,
    SuppressionReason Reason,
    string Source,
    DateTimeOffset CreatedAt);
