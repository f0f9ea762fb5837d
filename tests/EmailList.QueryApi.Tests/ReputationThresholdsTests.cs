using EmailList.QueryApi.Stats;

namespace EmailList.QueryApi.Tests;

/// <summary>The warning levels at the edges of SES's thresholds, with rates computed as /stats computes them.</summary>
public sealed class ReputationThresholdsTests
{
    [Theory]
    [InlineData(39, 1000, null)]
    [InlineData(4, 100, "approaching-review")]
    [InlineData(49, 1000, "approaching-review")]
    [InlineData(5, 100, "review")]
    [InlineData(1, 20, "review")]
    [InlineData(499_999, 10_000_000, "approaching-review")]
    [InlineData(99, 1000, "review")]
    [InlineData(1, 10, "pause")]
    [InlineData(10, 100, "pause")]
    [InlineData(1, 1, "pause")]
    public void Bounce_rates_warn_from_4_percent_review_from_5_and_pause_from_10(long bounced, long sent, string? level)
    {
        var rate = StatsRates.Of(bounced, sent);

        Assert.Equal(level, ReputationThresholds.Check(rate, 0).SingleOrDefault()?.Level);
    }

    [Theory]
    [InlineData(7, 10_000, null)]
    [InlineData(8, 10_000, "approaching-review")]
    [InlineData(9, 10_000, "approaching-review")]
    [InlineData(1, 1000, "review")]
    [InlineData(10, 10_000, "review")]
    [InlineData(49, 10_000, "review")]
    [InlineData(5, 1000, "pause")]
    [InlineData(1, 200, "pause")]
    public void Complaint_rates_warn_from_0_08_percent_review_from_0_1_and_pause_from_0_5(long complained, long sent, string? level)
    {
        var rate = StatsRates.Of(complained, sent);

        Assert.Equal(level, ReputationThresholds.Check(0, rate).SingleOrDefault()?.Level);
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(3, 0, null)]
    [InlineData(0, 10, 0.0)]
    [InlineData(1, 10, 0.1)]
    [InlineData(12, 10, 1.0)]
    public void A_rate_is_null_without_sent_recipients_and_never_above_1(long failed, long sent, double? expected)
    {
        Assert.Equal(expected, StatsRates.Of(failed, sent));
    }
}
