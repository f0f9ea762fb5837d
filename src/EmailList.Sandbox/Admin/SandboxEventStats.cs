namespace EmailList.Sandbox.Admin;

/// <summary>
/// Event publishing since the last reset. Failed: given up after the last attempt, or refused with a 4xx; dropped: pushed out of a full queue;
/// undelivered: stopped on the way because a forwarding link is missing (only with <c>Sandbox:Events:RequireForwarding</c>), counted per reason in <see cref="UndeliveredByReason"/>.
/// </summary>
public sealed record SandboxEventStats(
    long Published,
    long Delivered,
    long Failed,
    long Dropped,
    long Pending,
    long Undelivered = 0,
    IReadOnlyDictionary<string, long>? UndeliveredByReason = null);
