using System.Text.Json.Serialization;

namespace EmailList.QueryApi.Stats;

/// <param name="Buckets">Every hour or day of the range (UTC), oldest first, empty ones included.</param>
/// <param name="Totals">Events per SES event type over the range, every type listed.</param>
/// <param name="Recipients">The recipient sums the rates divide.</param>
/// <param name="BounceRate">
/// Bounced recipients / recipients sent to, as a fraction (0.05 = 5 %), per recipient as SES computes its reputation;
/// null when nothing was sent, at most 1.
/// </param>
/// <param name="ComplaintRate">Complaining recipients / recipients sent to, as <paramref name="BounceRate"/>.</param>
/// <param name="Rates">Every per-recipient rate: delivered, bounced, complained, opened, clicked, unsubscribed.</param>
/// <param name="GroupBy">template or broadcast when <paramref name="Groups"/> are asked for.</param>
/// <param name="Groups">Per template or broadcast, by its name or id; mail of none is in no group. Absent without groupBy.</param>
internal sealed record StatsResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    string Bucket,
    IReadOnlyList<StatsBucketCounts> Buckets,
    IReadOnlyDictionary<string, long> Totals,
    StatsRecipients Recipients,
    double? BounceRate,
    double? ComplaintRate,
    IReadOnlyList<RateWarning> Warnings,
    StatsRateSet Rates,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GroupBy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StatsGroup>? Groups = null);
