using System.Text.Json;

namespace EmailList.Sandbox.Admin;

/// <summary>An event the sandbox published, and how its delivery to the target went.</summary>
/// <param name="Status">pending, delivered, failed (gave up or refused by the target) or dropped (the queue overflowed).</param>
/// <param name="Attempts">POSTs made so far; a redelivery starts again from zero.</param>
/// <param name="LastStatusCode">The target's last answer; null when it gave none (network error or timeout).</param>
/// <param name="Event">The event exactly as POSTed.</param>
public sealed record SandboxEvent(
    string EventId,
    string DetailType,
    string AccountId,
    string MessageId,
    string Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset PublishedAt,
    DateTimeOffset? CompletedAt,
    JsonElement Event);
