using System.Globalization;

namespace EmailList.QueryApi.Stats;

/// <summary>
/// SES's reputation thresholds: at a 5 % bounce or 0.1 % complaint rate SES may put the account under review, at
/// 10 % or 0.5 % it may pause sending. We warn from 4 % and 0.08 %, while there is still time to act.
/// </summary>
internal static class ReputationThresholds
{
    public const double BounceWarning = 0.04;
    public const double BounceReview = 0.05;
    public const double BouncePause = 0.10;
    public const double ComplaintWarning = 0.0008;
    public const double ComplaintReview = 0.001;
    public const double ComplaintPause = 0.005;

    public static List<RateWarning> Check(double? bounceRate, double? complaintRate)
    {
        var warnings = new List<RateWarning>();
        if (bounceRate is { } bounce)
        {
            Add(warnings, "bounceRate", "bounce", bounce, BounceWarning, BounceReview, BouncePause,
                "Remove addresses that bounce (they are suppressed automatically), stop sending to old or bought lists, and confirm sign-ups.");
        }

        if (complaintRate is { } complaint)
        {
            Add(warnings, "complaintRate", "complaint", complaint, ComplaintWarning, ComplaintReview, ComplaintPause,
                "Send only to people who asked for the mail, make unsubscribing easy (List-Unsubscribe), and honour it at once.");
        }

        return warnings;
    }

    private static void Add(List<RateWarning> warnings, string metric, string name, double rate, double warning, double review, double pause, string advice)
    {
        var shown = Percent(rate);
        if (rate >= pause)
        {
            warnings.Add(new RateWarning(metric, rate, "pause", pause,
                $"The {name} rate is {shown}, at or above SES's {Percent(pause)} threshold at which SES may pause the account's sending. {advice}"));
        }
        else if (rate >= review)
        {
            warnings.Add(new RateWarning(metric, rate, "review", review,
                $"The {name} rate is {shown}, at or above SES's {Percent(review)} threshold at which SES may put the account under review " +
                $"(sending may be paused at {Percent(pause)}). {advice}"));
        }
        else if (rate >= warning)
        {
            warnings.Add(new RateWarning(metric, rate, "approaching-review", review,
                $"The {name} rate is {shown}, approaching SES's {Percent(review)} threshold at which SES may put the account under review. {advice}"));
        }
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";
}
