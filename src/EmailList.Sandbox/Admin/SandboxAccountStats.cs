namespace EmailList.Sandbox.Admin;

public sealed record SandboxAccountStats(long AssumeRoleCalls, long SendEmailCalls, long AcceptedEmails, long ThrottledCalls, long RejectedCalls);
