using System.Text.Json;
using EmailList.Core.Events;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>The column lists of <c>events</c> and <c>messages</c>, and how a row becomes a record.</summary>
internal static class SqliteEventColumns
{
    public const string Insert =
        "tenant_id, event_id, type, occurred_at, message_id, sent_at, recipients, from_address, subject, tags, bounce_type, bounce_sub_type, "
        + "diagnostic_code, complaint_feedback_type, click_link, user_agent, ip_address, delay_type, reason, raw_json, received_at, expires_at, destination, recipient_count";

    /// <summary>The event columns of alias <c>e</c>, in the order <see cref="ReadEvent"/> reads them.</summary>
    public const string Select =
        "e.tenant_id, e.event_id, e.type, e.occurred_at, e.message_id, e.sent_at, e.recipients, e.from_address, e.subject, e.tags, e.bounce_type, "
        + "e.bounce_sub_type, e.diagnostic_code, e.complaint_feedback_type, e.click_link, e.user_agent, e.ip_address, e.delay_type, e.reason, "
        + "e.raw_json, e.received_at, e.expires_at, e.destination";

    public const string Summary =
        "tenant_id, message_id, status, from_address, subject, recipients, sent_at, first_event_at, last_event_at, event_count, "
        + "deliveries, bounces, complaints, opens, clicks, expires_at";

    public static SesEvent ReadEvent(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        EventId = reader.GetString(1),
        Type = Enum.Parse<SesEventType>(reader.GetString(2)),
        OccurredAt = SqliteTime.Read(reader.GetString(3)),
        MessageId = reader.GetString(4),
        SentAt = reader.IsDBNull(5) ? null : SqliteTime.Read(reader.GetString(5)),
        Recipients = JsonSerializer.Deserialize<string[]>(reader.GetString(6)) ?? [],
        From = Optional(reader, 7),
        Subject = Optional(reader, 8),
        Tags = ReadTags(reader.GetString(9)),
        BounceType = Optional(reader, 10),
        BounceSubType = Optional(reader, 11),
        DiagnosticCode = Optional(reader, 12),
        ComplaintFeedbackType = Optional(reader, 13),
        ClickLink = Optional(reader, 14),
        UserAgent = Optional(reader, 15),
        IpAddress = Optional(reader, 16),
        DelayType = Optional(reader, 17),
        Reason = Optional(reader, 18),
        RawJson = reader.GetString(19),
        ReceivedAt = SqliteTime.Read(reader.GetString(20)),
        ExpiresAt = SqliteTime.Read(reader.GetString(21)),
        Destination = JsonSerializer.Deserialize<string[]>(reader.GetString(22)) ?? [],
    };

    public static MessageSummary ReadSummary(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        MessageId = reader.GetString(1),
        Status = Enum.Parse<MessageStatus>(reader.GetString(2)),
        From = Optional(reader, 3),
        Subject = Optional(reader, 4),
        Recipients = JsonSerializer.Deserialize<string[]>(reader.GetString(5)) ?? [],
        SentAt = reader.IsDBNull(6) ? null : SqliteTime.Read(reader.GetString(6)),
        FirstEventAt = SqliteTime.Read(reader.GetString(7)),
        LastEventAt = SqliteTime.Read(reader.GetString(8)),
        EventCount = reader.GetInt32(9),
        Deliveries = reader.GetInt32(10),
        Bounces = reader.GetInt32(11),
        Complaints = reader.GetInt32(12),
        Opens = reader.GetInt32(13),
        Clicks = reader.GetInt32(14),
        ExpiresAt = SqliteTime.Read(reader.GetString(15)),
    };

    private static Dictionary<string, IReadOnlyList<string>> ReadTags(string json) =>
        (JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [])
            .ToDictionary(tag => tag.Key, tag => (IReadOnlyList<string>)tag.Value, StringComparer.Ordinal);

    private static string? Optional(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
