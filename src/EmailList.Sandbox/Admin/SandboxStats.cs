namespace EmailList.Sandbox.Admin;

/// <summary>Counts since the last reset. Throttled: 429 answers; rejected: any other refused AssumeRole or SendEmail.</summary>
public sealed record SandboxStats(
    long AssumeRoleCalls,
    long SendEmailCalls,
    long AcceptedEmails,
    long ThrottledCalls,
    long RejectedCalls,
    IReadOnlyDictionary<string, SandboxAccountStats> PerAccount);
