namespace EmailList.Dashboard.Api;

public sealed record SesAccountCheckView(bool SendingEnabled, bool ProductionAccessEnabled, string? EnforcementStatus, double Max24HourSend, double MaxSendRate, double SentLast24Hours);
