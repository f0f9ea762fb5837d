using System.Globalization;
using System.Text;
using EmailList.Core.Events;

namespace EmailList.Bench.Events;

/// <summary>
/// SES-shaped events for one tenant: messages of 1-3 recipients from a pool, each producing a realistic mix of types,
/// two tags (the tenant tag and a campaign), and a raw EventBridge body of about 1.5 KB. Deterministic for a seed.
/// </summary>
public sealed class EventGenerator(string tenantId, int seed, DateTimeOffset start, int recipientPool = 50_000)
{
    private static readonly (SesEventType Type, int Weight)[] Mix =
    [
        (SesEventType.Send, 30), (SesEventType.Delivery, 29), (SesEventType.Open, 18), (SesEventType.Click, 8),
        (SesEventType.Bounce, 5), (SesEventType.DeliveryDelay, 3), (SesEventType.Complaint, 2), (SesEventType.Reject, 2),
        (SesEventType.RenderingFailure, 2), (SesEventType.Subscription, 1),
    ];

    private static readonly string Padding = new('x', 900);

    private readonly Random _random = new(seed);
    private long _sequence;
    private string _messageId = "";
    private string[] _recipients = [];
    private int _eventsLeftInMessage;

    public string TenantId => tenantId;

    public static string Recipient(int index) => $"user{index.ToString("00000", CultureInfo.InvariantCulture)}@example.com";

    public SesEvent Next()
    {
        if (_eventsLeftInMessage-- <= 0)
        {
            _messageId = $"0100018f{_random.NextInt64():x16}-{Guid.NewGuid():N}-000000";
            _recipients = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Recipient(_random.Next(recipientPool))).Distinct().ToArray();
            _eventsLeftInMessage = _random.Next(1, 6);
        }

        var type = PickType();
        // One event every 2.5 s of simulated time on average: 1,000,000 events span about 29 days, newest last.
        var occurredAt = start.AddMilliseconds(_sequence++ * 2500 + _random.Next(2500));
        var eventId = Guid.NewGuid().ToString();
        var recipients = type is SesEventType.Send or SesEventType.Reject or SesEventType.RenderingFailure or SesEventType.Open or SesEventType.Click or SesEventType.Subscription
            ? _recipients
            : [_recipients[_random.Next(_recipients.Length)]];
        return new SesEvent
        {
            TenantId = tenantId,
            EventId = eventId,
            Type = type,
            OccurredAt = occurredAt,
            MessageId = _messageId,
            SentAt = occurredAt.AddSeconds(-1),
            Recipients = recipients,
            From = "News <news@sender.example.com>",
            Subject = "Your weekly digest",
            Tags = new Dictionary<string, IReadOnlyList<string>>
            {
                ["el_tenant"] = [tenantId],
                ["campaign"] = ["campaign-" + _random.Next(10).ToString(CultureInfo.InvariantCulture)],
            },
            BounceType = type == SesEventType.Bounce ? "Permanent" : null,
            BounceSubType = type == SesEventType.Bounce ? "General" : null,
            DiagnosticCode = type == SesEventType.Bounce ? "smtp; 550 5.1.1 user unknown" : null,
            ClickLink = type == SesEventType.Click ? "https://example.com/offer?utm=1" : null,
            UserAgent = type is SesEventType.Open or SesEventType.Click ? "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" : null,
            IpAddress = type is SesEventType.Open or SesEventType.Click ? "192.0.2.10" : null,
            RawJson = RawJson(eventId, type, occurredAt, recipients),
            ReceivedAt = occurredAt.AddSeconds(2),
            ExpiresAt = occurredAt.AddDays(90),
        };
    }

    private SesEventType PickType()
    {
        var roll = _random.Next(100);
        foreach (var (type, weight) in Mix)
        {
            if ((roll -= weight) < 0)
            {
                return type;
            }
        }

        return SesEventType.Send;
    }

    private string RawJson(string eventId, SesEventType type, DateTimeOffset at, string[] recipients)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var json = new StringBuilder(1600);
        json.Append(CultureInfo.InvariantCulture, $$"""{"version":"0","id":"{{eventId}}","detail-type":"Email {{type}}","source":"aws.ses","account":"123456789012","time":"{{time}}","region":"us-east-1",""");
        json.Append(CultureInfo.InvariantCulture, $$"""
            "resources":["arn:aws:ses:us-east-1:123456789012:configuration-set/el"],"detail":{"eventType":"{{type}}","mail":{"timestamp":"{{time}}","source":"news@sender.example.com","messageId":"{{_messageId}}","destination":["{{string.Join("\",\"", recipients)}}"],"headersTruncated":false,"headers":[{"name":"X-Padding","value":"{{Padding}}"}],"tags":{"el_tenant":["{{tenantId}}"]}
            """);
        json.Append("}}}");
        return json.ToString();
    }
}
