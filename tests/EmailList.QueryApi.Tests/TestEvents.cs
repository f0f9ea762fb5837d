using System.Text.Json;
using EmailList.Core.Events;

namespace EmailList.QueryApi.Tests;

/// <summary>SES events as the ingester stores them, with an EventBridge-shaped raw JSON.</summary>
public static class TestEvents
{
    private static readonly Dictionary<SesEventType, string> DetailTypes = new()
    {
        [SesEventType.Send] = "Email Sent",
        [SesEventType.Delivery] = "Email Delivered",
        [SesEventType.Bounce] = "Email Bounced",
        [SesEventType.Complaint] = "Email Complaint Received",
        [SesEventType.Reject] = "Email Rejected",
        [SesEventType.Open] = "Email Opened",
        [SesEventType.Click] = "Email Clicked",
        [SesEventType.RenderingFailure] = "Email Rendering Failed",
        [SesEventType.DeliveryDelay] = "Email Delivery Delayed",
        [SesEventType.Subscription] = "Email Subscribed",
    };

    public static SesEvent Create(
        string tenantId,
        SesEventType type,
        DateTimeOffset occurredAt,
        string? messageId = null,
        string recipient = "jane@example.com",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? tags = null,
        string? eventId = null)
    {
        var id = eventId ?? Guid.NewGuid().ToString();
        messageId ??= "0100" + Guid.NewGuid().ToString("N")[..12] + "-" + Guid.NewGuid() + "-000000";
        tags ??= new Dictionary<string, IReadOnlyList<string>> { ["el_tenant"] = [tenantId] };
        var raw = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "0",
            ["id"] = id,
            ["detail-type"] = DetailTypes[type],
            ["source"] = "aws.ses",
            ["account"] = "444000000000",
            ["time"] = occurredAt.ToString("O"),
            ["region"] = "us-east-1",
            ["resources"] = Array.Empty<string>(),
            ["detail"] = new Dictionary<string, object?>
            {
                ["eventType"] = type == SesEventType.RenderingFailure ? "Rendering Failure" : type.ToString(),
                ["mail"] = new Dictionary<string, object?>
                {
                    ["timestamp"] = occurredAt.ToString("O"),
                    ["messageId"] = messageId,
                    ["source"] = "news@example.com",
                    ["destination"] = new[] { recipient },
                    ["tags"] = tags,
                },
            },
        });
        return new SesEvent
        {
            TenantId = tenantId,
            EventId = id,
            Type = type,
            OccurredAt = occurredAt,
            MessageId = messageId,
            SentAt = occurredAt,
            Recipients = [recipient],
            From = "news@example.com",
            Subject = "Spring news",
            Tags = tags,
            BounceType = type == SesEventType.Bounce ? "Permanent" : null,
            BounceSubType = type == SesEventType.Bounce ? "General" : null,
            DiagnosticCode = type == SesEventType.Bounce ? "smtp; 550 5.1.1 user unknown" : null,
            ComplaintFeedbackType = type == SesEventType.Complaint ? "abuse" : null,
            ClickLink = type == SesEventType.Click ? "https://example.com/spring" : null,
            UserAgent = type is SesEventType.Open or SesEventType.Click ? "Mozilla/5.0" : null,
            IpAddress = type is SesEventType.Open or SesEventType.Click ? "192.0.2.1" : null,
            DelayType = type == SesEventType.DeliveryDelay ? "MailboxFull" : null,
            Reason = type == SesEventType.Reject ? "Bad content" : null,
            RawJson = raw,
            ReceivedAt = occurredAt.AddSeconds(2),
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(500),
        };
    }
}
