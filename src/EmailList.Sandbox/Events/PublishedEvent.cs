using System.Diagnostics;
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

    private readonly Lock _gate = new();
    private string _status = Pending;
    private int _attempts;
    private int? _lastStatusCode;
    private string? _lastError;
    private DateTimeOffset? _completedAt;

    public string EventId { get; } = eventId;

    public string DetailType { get; } = detailType;

    public string AccountId { get; } = accountId;

    public string MessageId { get; } = messageId;

    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>The trace of the call that made SES publish this event (SendEmail, or an admin open/click), if any.</summary>
    public ActivityContext Origin { get; init; }

    public int Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts;
            }
        }
    }

    public string Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Counts an attempt about to be made; returns its number (1 for the first).</summary>
    public int BeginAttempt()
    {
        lock (_gate)
        {
            return ++_attempts;
        }
    }

    public void RecordFailure(int? statusCode, string error)
    {
        lock (_gate)
        {
            _lastStatusCode = statusCode;
            _lastError = error;
        }
    }

    public void Complete(string finalStatus, int? statusCode, string? error, DateTimeOffset at)
    {
        lock (_gate)
        {
            _status = finalStatus;
            _lastStatusCode = statusCode;
            _lastError = error;
            _completedAt = at;
        }
    }

    /// <summary>Back to pending with no attempts, for a redelivery.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            _status = Pending;
            _attempts = 0;
            _lastStatusCode = null;
            _lastError = null;
            _completedAt = null;
        }
    }

    public SandboxEvent ToAdmin()
    {
        using var document = JsonDocument.Parse(Body);
        lock (_gate)
        {
            return new SandboxEvent(EventId, DetailType, AccountId, MessageId, _status, _attempts, _lastStatusCode, _lastError, publishedAt, _completedAt,
                document.RootElement.Clone());
        }
    }
}
