namespace EmailList.QueryApi.Stats;

/// <summary>
/// Per-recipient rates, as SES computes its reputation: failed recipients / recipients sent to. A Bounce or Complaint
/// may fall in a range whose Send does not (sent just before it, or the Send event not arrived yet), so the failed
/// count can exceed the sent one; the rate is then capped at 1 rather than read as more than every recipient.
/// </summary>
internal static class StatsRates
{
    /// <summary>Null when nothing was sent in the range.</summary>
    public static double? Of(long failedRecipients, long sentRecipients) =>
        sentRecipients <= 0 ? null : Math.Min(1.0, (double)failedRecipients / sentRecipients);
}
