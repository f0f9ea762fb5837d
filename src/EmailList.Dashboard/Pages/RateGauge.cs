namespace EmailList.Dashboard.Pages;

/// <summary>A rate on a bar with SES's review and pause thresholds marked.</summary>
public sealed record RateGauge(string Id, string Name, double? Rate, double Review, double Pause)
{
    /// <summary>SES reviews an account at a 5 % bounce rate and may pause it at 10 %.</summary>
    public static RateGauge Bounce(double? rate) => new("bounce", "Bounce rate", rate, 0.05, 0.10);

    /// <summary>SES reviews an account at a 0.1 % complaint rate and may pause it at 0.5 %.</summary>
    public static RateGauge Complaint(double? rate) => new("complaint", "Complaint rate", rate, 0.001, 0.005);

    /// <summary>The bar spans a little past the pause threshold, so both marks and a rate beyond them show.</summary>
    public double ScaleMax => Pause * 1.2;
}
