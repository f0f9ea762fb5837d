namespace EmailList.QueryApi.Stats;

/// <param name="Metric">bounceRate or complaintRate.</param>
/// <param name="Level">approaching-review, review or pause: which SES threshold the rate has reached or is near.</param>
/// <param name="Threshold">The SES threshold named by <paramref name="Level"/>, as a fraction (0.05 = 5 %).</param>
internal sealed record RateWarning(string Metric, double Rate, string Level, double Threshold, string Message);
