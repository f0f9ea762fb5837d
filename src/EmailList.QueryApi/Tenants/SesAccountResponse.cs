namespace EmailList.QueryApi.Tenants;

/// <summary>The tenant's SES account in its region, as read through the role when it was verified.</summary>
/// <param name="MaxSendRate">Messages per second SES allows; broadcasts are paced to it.</param>
public sealed record SesAccountResponse(bool SendingEnabled, bool ProductionAccessEnabled, double MaxSendRate, double Max24HourSend, double SentLast24Hours);
