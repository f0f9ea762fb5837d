namespace EmailList.QueryApi.Stats;

/// <summary>
/// Each <see cref="StatsRecipients"/> count divided by the recipients sent to, as a fraction (0.05 = 5 %), capped at 1;
/// null when nothing was sent in the range.
/// </summary>
internal sealed record StatsRateSet(double? Delivered, double? Bounced, double? Complained, double? Opened, double? Clicked, double? Unsubscribed)
{
    public static StatsRateSet Of(StatsRecipients recipients)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        return new StatsRateSet(
            StatsRates.Of(recipients.Delivered, recipients.Sent),
            StatsRates.Of(recipients.Bounced, recipients.Sent),
            StatsRates.Of(recipients.Complained, recipients.Sent),
            StatsRates.Of(recipients.Opened, recipients.Sent),
            StatsRates.Of(recipients.Clicked, recipients.Sent),
            StatsRates.Of(recipients.Unsubscribed, recipients.Sent));
    }
}
