namespace EmailList.Core.Ses;

/// <summary>The parts of SES v2 GetAccount we act on.</summary>
public sealed record SesAccount(
    bool SendingEnabled,
    bool ProductionAccessEnabled,
    string? EnforcementStatus,
    double Max24HourSend,
    double MaxSendRate,
    double SentLast24Hours);
