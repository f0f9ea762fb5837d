using System.Text.Json;
using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.Events;

/// <summary>One published event: its serialized body (fixed once made, so a redelivery is byte for byte the same) and its delivery state.</summary>
internal sealed class PublishedEvent(string eventId, string detailType, string accountId, string messageId, byte[] body, DateTimeOffset publishedAt)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Dropped = "dropped";

    /// <summary>Stopped on the way to the platform bus: a forwarding link is missing (Sandbox:Events:RequireForwarding).</summary>
    public const string Undelivered = "undelivered";

    private readonly Lock gate = new();
    private string status = Pending;
    private int attempts;
    private int? lastStatusCode;
    private string? lastError;
    private DateTimeOffset? completedAt;

    public string EventId { get; } = eventId;

    public string DetailType { get; } = detailType;

    public string AccountId { get; } = accountId;

    public string MessageId { get; } = messageId;

    public ReadOnlyMemory<byte> Body { get; } = body;

    public int Attempts
    {
        get
        {
            lock (gate)
            {
                return attempts;
            }
        }
    }

    public string Status
    {
        get
        {
            lock (gate)
            {
                return status;
            }
        }
    }

    /// <summary>Counts an attempt about to be made; returns its number (1 for the first).</summary>
    public int BeginAttempt()
    {
        lock (gate)
        {
            return ++attempts;
        }
    }

    public void RecordFailure(int? statusCode, string error)
    {
        lock (gate)
        {
            lastStatusCode = statusCode;
            lastError = error;
        }
    }

    public void Complete(string finalStatus, int? statusCode, string? error, DateTimeOffset at)
    {
        lock (gate)
        {
            status = finalStatus;
            lastStatusCode = statusCode;
            lastError = error;
            completedAt = at;
        }
    }

    /// <summary>Back to pending with no attempts, for a redelivery.</summary>
    public void Restart()
    {
        lock (gate)
        {
            status = Pending;
            attempts = 0;
            lastStatusCode = null;
            lastError = null;
            completedAt = null;
        }
    }

    public SandboxEvent ToAdmin()
    {
        using var document = JsonDocument.Parse(Body);
        lock (gate)
        {
            return new SandboxEvent(EventId, DetailType, AccountId, MessageId, status, attempts, lastStatusCode, lastError, publishedAt, completedAt,
                document.RootElement.Clone());
        }
    }
}
