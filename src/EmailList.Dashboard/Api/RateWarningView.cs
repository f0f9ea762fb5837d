namespace EmailList.Dashboard.Api;

public sealed record RateWarningView(string Metric, double Rate, string Level, double Threshold, string Message);
