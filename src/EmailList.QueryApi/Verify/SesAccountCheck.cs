using EmailList.Core.Ses;

namespace EmailList.QueryApi.Verify;

/// <summary>What SES GetAccount says about the tenant's SES account in its region.</summary>
internal sealed record SesAccountCheck(
    bool SendingEnabled,
    bool ProductionAccessEnabled,
    string? EnforcementStatus,
    double Max24HourSend,
    double MaxSendRate,
    double SentLast24Hours)
{
    public static SesAccountCheck From(SesAccount account) =>
        new(account.SendingEnabled, account.ProductionAccessEnabled, account.EnforcementStatus, account.Max24HourSend, account.MaxSendRate, account.SentLast24Hours);
}
