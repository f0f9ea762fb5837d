namespace EmailList.Sandbox.State;

/// <summary>Why an account's sending limits refused a message.</summary>
internal enum SendRefusal
{
    None,
    RateExceeded,
    DailyQuotaExceeded,
}
