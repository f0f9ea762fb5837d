namespace EmailList.QueryApi.Stats;

/// <summary>What the rates divide, over the range.</summary>
/// <param name="Sent">Recipients of the Send events (each message's to, cc and bcc): the rates' denominator.</param>
/// <param name="Bounced">Recipients named by the Bounce events (every bounce type).</param>
/// <param name="Complained">Recipients named by the Complaint events.</param>
internal sealed record StatsRecipients(long Sent, long Bounced, long Complained);
