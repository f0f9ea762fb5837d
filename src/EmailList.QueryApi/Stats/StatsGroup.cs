namespace EmailList.QueryApi.Stats;

/// <summary>One template's or broadcast's figures over the range.</summary>
/// <param name="Key">The template name or the broadcast id (the el_template or el_broadcast tag's value).</param>
/// <param name="Totals">Events per SES event type, every type listed.</param>
internal sealed record StatsGroup(
    string Key,
    IReadOnlyDictionary<string, long> Totals,
    StatsRecipients Recipients,
    StatsRateSet Rates,
    IReadOnlyList<RateWarning> Warnings);
