using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Events;

namespace EmailList.Aws.Dynamo;

/// <summary>The attribute names of the events and messages tables, and how records become items and back.</summary>
internal static class DynamoDbEventItems
{
    public const string Pk = "pk";
    public const string Sk = "sk";
    public const string MessageKey = "msgKey";
    public const string RecipientKey = "rcptKey";
    public const string At = "at";
    public const string ExpiresAt = "expiresAt";
    public const string EventType = "type";
    public const string EventSk = "eventSk";
    public const string State = "state";
    public const string SummaryVersion = "version";
    public const string Applied = "applied";
    public const string RecipientsAttribute = Recipients;
    public const string MessageIdAttribute = MessageId;
    public const string TagsAttribute = Tags;

    private const string EventId = "eventId";
    private const string OccurredAt = "occurredAt";
    private const string MessageId = "messageId";
    private const string SentAt = "sentAt";
    private const string Recipients = "recipients";
    private const string Destination = "destination";
    private const string From = "from";
    private const string Subject = "subject";
    private const string Tags = "tags";
    private const string BounceType = "bounceType";
    private const string BounceSubType = "bounceSubType";
    private const string DiagnosticCode = "diagnosticCode";
    private const string ComplaintFeedbackType = "complaintFeedbackType";
    private const string ClickLink = "clickLink";
    private const string UserAgent = "userAgent";
    private const string IpAddress = "ipAddress";
    private const string DelayType = "delayType";
    private const string Reason = "reason";
    private const string RawJson = "rawJson";
    private const string ReceivedAt = "receivedAt";
    private const string Expires = "expires";
    private const string Status = "status";
    private const string FirstEventAt = "firstEventAt";
    private const string LastEventAt = "lastEventAt";
    private const string EventCount = "eventCount";
    private const string Deliveries = "deliveries";
    private const string Bounces = "bounces";
    private const string Complaints = "complaints";
    private const string Opens = "opens";
    private const string Clicks = "clicks";

    /// <summary>"&lt;occurredAt&gt;#&lt;eventId&gt;": fixed-width time text first, so key order is (time, id) order.</summary>
    public static string Position(string occurredAt, string eventId) => occurredAt + "#" + eventId;

    public static string Position(SesEvent sesEvent) => Position(DynamoDbTime.Write(sesEvent.OccurredAt), sesEvent.EventId);

    public static string DedupeSk(string eventId) => "EVT#" + eventId;

    public static string RecipientSk(string eventId, string recipient) => "RCPT#" + eventId + "#" + recipient;

    public static string MessageKeyOf(string tenantId, string messageId) => tenantId + "#" + messageId;

    public static string RecipientKeyOf(string tenantId, string recipient) => tenantId + "#" + recipient;

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Epoch(DateTimeOffset value) => N(value.ToUnixTimeSeconds());

    public static Dictionary<string, AttributeValue> EventItem(SesEvent sesEvent)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(sesEvent.TenantId),
            [Sk] = S(Position(sesEvent)),
            [MessageKey] = S(MessageKeyOf(sesEvent.TenantId, sesEvent.MessageId)),
            [EventId] = S(sesEvent.EventId),
            [EventType] = S(sesEvent.Type.ToString()),
            [OccurredAt] = S(DynamoDbTime.Write(sesEvent.OccurredAt)),
            [MessageId] = S(sesEvent.MessageId),
            [Recipients] = new AttributeValue { L = sesEvent.Recipients.Select(S).ToList() },
            [Tags] = new AttributeValue
            {
                M = sesEvent.Tags.ToDictionary(tag => tag.Key, tag => new AttributeValue { L = tag.Value.Select(S).ToList() }),
            },
            [RawJson] = S(sesEvent.RawJson),
            [ReceivedAt] = S(DynamoDbTime.Write(sesEvent.ReceivedAt)),
            [Expires] = S(DynamoDbTime.Write(sesEvent.ExpiresAt)),
            [ExpiresAt] = Epoch(sesEvent.ExpiresAt),
        };
        if (sesEvent.Destination.Count > 0)
        {
            item[Destination] = new AttributeValue { L = sesEvent.Destination.Select(S).ToList() };
        }

        AddIfSet(item, SentAt, sesEvent.SentAt is { } sent ? DynamoDbTime.Write(sent) : null);
        AddIfSet(item, From, sesEvent.From);
        AddIfSet(item, Subject, sesEvent.Subject);
        AddIfSet(item, BounceType, sesEvent.BounceType);
        AddIfSet(item, BounceSubType, sesEvent.BounceSubType);
        AddIfSet(item, DiagnosticCode, sesEvent.DiagnosticCode);
        AddIfSet(item, ComplaintFeedbackType, sesEvent.ComplaintFeedbackType);
        AddIfSet(item, ClickLink, sesEvent.ClickLink);
        AddIfSet(item, UserAgent, sesEvent.UserAgent);
        AddIfSet(item, IpAddress, sesEvent.IpAddress);
        AddIfSet(item, DelayType, sesEvent.DelayType);
        AddIfSet(item, Reason, sesEvent.Reason);
        return item;
    }

    /// <summary>A small item per recipient, found through the <c>by-recipient</c> index; it points at the event item.</summary>
    public static Dictionary<string, AttributeValue> RecipientItem(SesEvent sesEvent, string recipient) => new()
    {
        [Pk] = S(sesEvent.TenantId),
        [Sk] = S(RecipientSk(sesEvent.EventId, recipient)),
        [RecipientKey] = S(RecipientKeyOf(sesEvent.TenantId, recipient)),
        [At] = S(Position(sesEvent)),
        [EventType] = S(sesEvent.Type.ToString()),
        [ExpiresAt] = Epoch(sesEvent.ExpiresAt),
    };

    public static SesEvent ReadEvent(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[Pk].S,
        EventId = item[EventId].S,
        Type = Enum.Parse<SesEventType>(item[EventType].S),
        OccurredAt = DynamoDbTime.Read(item[OccurredAt].S),
        MessageId = item[MessageId].S,
        SentAt = Optional(item, SentAt) is { } sent ? DynamoDbTime.Read(sent) : null,
        Recipients = item.TryGetValue(Recipients, out var recipients) ? (recipients.L ?? []).Select(value => value.S).ToArray() : [],
        Destination = item.TryGetValue(Destination, out var destination) ? (destination.L ?? []).Select(value => value.S).ToArray() : [],
        From = Optional(item, From),
        Subject = Optional(item, Subject),
        Tags = item.TryGetValue(Tags, out var tags)
            ? (tags.M ?? []).ToDictionary(tag => tag.Key, tag => (IReadOnlyList<string>)(tag.Value.L ?? []).Select(value => value.S).ToArray(), StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<string>>(),
        BounceType = Optional(item, BounceType),
        BounceSubType = Optional(item, BounceSubType),
        DiagnosticCode = Optional(item, DiagnosticCode),
        ComplaintFeedbackType = Optional(item, ComplaintFeedbackType),
        ClickLink = Optional(item, ClickLink),
        UserAgent = Optional(item, UserAgent),
        IpAddress = Optional(item, IpAddress),
        DelayType = Optional(item, DelayType),
        Reason = Optional(item, Reason),
        RawJson = item[RawJson].S,
        ReceivedAt = DynamoDbTime.Read(item[ReceivedAt].S),
        ExpiresAt = DynamoDbTime.Read(item[Expires].S),
    };

    public static Dictionary<string, AttributeValue> SummaryItem(MessageSummary summary, long version, IEnumerable<string> applied)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(summary.TenantId),
            [Sk] = S(summary.MessageId),
            [Status] = S(summary.Status.ToString()),
            [Recipients] = new AttributeValue { L = summary.Recipients.Select(S).ToList() },
            [FirstEventAt] = S(DynamoDbTime.Write(summary.FirstEventAt)),
            [LastEventAt] = S(DynamoDbTime.Write(summary.LastEventAt)),
            [EventCount] = N(summary.EventCount),
            [Deliveries] = N(summary.Deliveries),
            [Bounces] = N(summary.Bounces),
            [Complaints] = N(summary.Complaints),
            [Opens] = N(summary.Opens),
            [Clicks] = N(summary.Clicks),
            [Expires] = S(DynamoDbTime.Write(summary.ExpiresAt)),
            [ExpiresAt] = Epoch(summary.ExpiresAt),
            [SummaryVersion] = N(version),
            [Applied] = new AttributeValue { SS = applied.ToList() },
        };
        AddIfSet(item, From, summary.From);
        AddIfSet(item, Subject, summary.Subject);
        AddIfSet(item, SentAt, summary.SentAt is { } sent ? DynamoDbTime.Write(sent) : null);
        return item;
    }

    public static MessageSummary ReadSummary(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[Pk].S,
        MessageId = item[Sk].S,
        Status = Enum.Parse<MessageStatus>(item[Status].S),
        From = Optional(item, From),
        Subject = Optional(item, Subject),
        Recipients = item.TryGetValue(Recipients, out var recipients) ? (recipients.L ?? []).Select(value => value.S).ToArray() : [],
        SentAt = Optional(item, SentAt) is { } sent ? DynamoDbTime.Read(sent) : null,
        FirstEventAt = DynamoDbTime.Read(item[FirstEventAt].S),
        LastEventAt = DynamoDbTime.Read(item[LastEventAt].S),
        EventCount = Int(item, EventCount),
        Deliveries = Int(item, Deliveries),
        Bounces = Int(item, Bounces),
        Complaints = Int(item, Complaints),
        Opens = Int(item, Opens),
        Clicks = Int(item, Clicks),
        ExpiresAt = DynamoDbTime.Read(item[Expires].S),
    };

    private static int Int(Dictionary<string, AttributeValue> item, string attribute) => int.Parse(item[attribute].N, CultureInfo.InvariantCulture);

    private static void AddIfSet(Dictionary<string, AttributeValue> item, string attribute, string? value)
    {
        if (value is not null)
        {
            item[attribute] = S(value);
        }
    }

    private static string? Optional(Dictionary<string, AttributeValue> item, string attribute) =>
        item.TryGetValue(attribute, out var value) ? value.S : null;
}
