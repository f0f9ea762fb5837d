namespace EmailList.Sandbox.Admin;

/// <summary>Answer of <c>GET /_sandbox/recipients</c>: accepted sends per recipient address of one account, since the last reset.</summary>
/// <param name="Distinct">Addresses that got at least one accepted send.</param>
/// <param name="Total">Accepted sends to those addresses (a message to three of them counts three).</param>
/// <param name="FirstAcceptedAt">When the first of them was accepted; null when none was.</param>
/// <param name="LastAcceptedAt">When the last of them was accepted.</param>
/// <param name="Untracked">Sends to new addresses not counted because the sandbox's tally was full (any prefix).</param>
public sealed record SandboxRecipients(
    string AccountId,
    string Prefix,
    long Distinct,
    long Total,
    DateTimeOffset? FirstAcceptedAt,
    DateTimeOffset? LastAcceptedAt,
    SandboxDuplicatedRecipients Duplicated,
    long Untracked);

/// <summary>Addresses that got more than one accepted send: how many, and the first few (by address) with their counts.</summary>
public sealed record SandboxDuplicatedRecipients(int Count, IReadOnlyList<SandboxRecipientCount> Addresses);

public sealed record SandboxRecipientCount(string Address, int Count);
