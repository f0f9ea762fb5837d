namespace EmailList.Dashboard.Api;

public sealed record SesAccountView(bool SendingEnabled, bool ProductionAccessEnabled, double MaxSendRate, double Max24HourSend, double SentLast24Hours);
