namespace EmailList.Sandbox.Admin;

/// <summary>Event publishing since the last reset. Failed: given up after the last attempt, or refused with a 4xx; dropped: pushed out of a full queue.</summary>
public sealed record SandboxEventStats(long Published, long Delivered, long Failed, long Dropped, long Pending);
