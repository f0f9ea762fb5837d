using System.Globalization;
using System.Text.Json;
using EmailList.Core.Events;
using EmailList.Core.Mail;
using EmailList.Core.Suppression;

namespace EmailList.EventIngester.Events;

/// <summary>
/// Reads SES events as EventBridge delivers them (an envelope whose <c>detail</c> is the SES event record)
/// into <see cref="SesEvent"/>s. Every problem is a <see cref="SesEventFormatException"/> naming the event and the field.
/// </summary>
public static class SesEventParser
{
    public const string EventSource = "aws.ses";

    private const int MaxIdLength = 256;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private static readonly Dictionary<string, SesEventType> EventTypes = new(StringComparer.Ordinal)
    {
        ["Send"] = SesEventType.Send,
        ["Reject"] = SesEventType.Reject,
        ["Bounce"] = SesEventType.Bounce,
        ["Complaint"] = SesEventType.Complaint,
        ["Delivery"] = SesEventType.Delivery,
        ["Open"] = SesEventType.Open,
        ["Click"] = SesEventType.Click,
        ["Rendering Failure"] = SesEventType.RenderingFailure,
        ["RenderingFailure"] = SesEventType.RenderingFailure,
        ["DeliveryDelay"] = SesEventType.DeliveryDelay,
        ["Subscription"] = SesEventType.Subscription,
    };

    private static readonly Dictionary<string, SesEventType> DetailTypes = new(StringComparer.Ordinal)
    {
        ["Email Sent"] = SesEventType.Send,
        ["Email Rejected"] = SesEventType.Reject,
        ["Email Bounced"] = SesEventType.Bounce,
        ["Email Complaint Received"] = SesEventType.Complaint,
        ["Email Delivered"] = SesEventType.Delivery,
        ["Email Opened"] = SesEventType.Open,
        ["Email Clicked"] = SesEventType.Click,
        ["Email Rendering Failed"] = SesEventType.RenderingFailure,
        ["Email Delivery Delayed"] = SesEventType.DeliveryDelay,
        ["Email Subscribed"] = SesEventType.Subscription,
    };

    /// <summary>A body holding one event object or a JSON array of them.</summary>
    /// <exception cref="SesEventFormatException">The body is not JSON, too many events, or an event is not an SES event.</exception>
    public static IReadOnlyList<ParsedSesEvent> ParseBody(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, int maxBatchSize)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new SesEventFormatException($"The body is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    return [Parse(root, 0, receivedAt)];
                case JsonValueKind.Array:
                    var count = root.GetArrayLength();
                    if (count > maxBatchSize)
                    {
                        throw new SesEventFormatException(
                            $"The batch holds {count} events; at most {maxBatchSize} are accepted in one request.");
                    }

                    var events = new List<ParsedSesEvent>(count);
                    var index = 0;
                    foreach (var element in root.EnumerateArray())
                    {
                        events.Add(Parse(element, index++, receivedAt));
                    }

                    return events;
                default:
                    throw new SesEventFormatException(
                        $"The body is a JSON {Describe(root.ValueKind)}; send one EventBridge event object or a JSON array of them.");
            }
        }
    }

    /// <summary>One EventBridge event; <paramref name="index"/> is its position in the body, for error messages.</summary>
    /// <exception cref="SesEventFormatException">The event is malformed or not an SES email event.</exception>
    public static ParsedSesEvent Parse(JsonElement envelope, int index, DateTimeOffset receivedAt)
    {
        var reader = new Reader(index);
        if (envelope.ValueKind != JsonValueKind.Object)
        {
            throw reader.Fail($"expected an EventBridge event object but found a JSON {Describe(envelope.ValueKind)}.");
        }

        var source = reader.RequiredString(envelope, "source", "source");
        if (!string.Equals(source, EventSource, StringComparison.Ordinal))
        {
            throw reader.Fail($"source is '{source}'; only SES events (source '{EventSource}') are accepted.");
        }

        var eventId = reader.RequiredString(envelope, "id", "id");
        if (eventId.Length > MaxIdLength)
        {
            throw reader.Fail($"id is longer than {MaxIdLength} characters.");
        }

        var account = reader.RequiredString(envelope, "account", "account");
        if (account.Length != 12 || !account.All(char.IsAsciiDigit))
        {
            throw reader.Fail($"account '{account}' is not a 12-digit AWS account id.");
        }

        var envelopeTime = reader.OptionalTimestamp(envelope, "time", "time");
        var detailType = reader.OptionalString(envelope, "detail-type", "detail-type");
        var detail = reader.RequiredObject(envelope, "detail", "detail");
        var type = ReadType(reader, detail, detailType);

        var mail = reader.RequiredObject(detail, "mail", "detail.mail");
        var messageId = reader.RequiredString(mail, "messageId", "detail.mail.messageId");
        if (messageId.Length > MaxIdLength)
        {
            throw reader.Fail($"detail.mail.messageId is longer than {MaxIdLength} characters.");
        }

        var sentAt = reader.OptionalTimestamp(mail, "timestamp", "detail.mail.timestamp");
        var destination = reader.OptionalStringArray(mail, "destination", "detail.mail.destination");
        var tags = ReadTags(reader, mail);
        var commonHeaders = reader.OptionalObject(mail, "commonHeaders", "detail.mail.commonHeaders");
        var fromHeader = commonHeaders is { } headers ? reader.OptionalStringArray(headers, "from", "detail.mail.commonHeaders.from") : [];
        var from = fromHeader.Count > 0 ? fromHeader[0] : null;
        from ??= reader.OptionalString(mail, "source", "detail.mail.source");
        var subject = commonHeaders is { } h ? reader.OptionalString(h, "subject", "detail.mail.commonHeaders.subject") : null;

        var normalizedDestination = Normalize(destination);
        var sesEvent = new SesEvent
        {
            TenantId = "",
            EventId = eventId,
            Type = type,
            OccurredAt = OccurredAt(type, sentAt, envelopeTime, receivedAt),
            MessageId = messageId,
            SentAt = sentAt,
            Recipients = normalizedDestination,
            Destination = normalizedDestination,
            From = from,
            Subject = subject,
            Tags = tags,
            RawJson = envelope.GetRawText(),
            ReceivedAt = receivedAt,
        };

        sesEvent = type switch
        {
            SesEventType.Bounce => ReadBounce(reader, detail, sesEvent),
            SesEventType.Complaint => ReadComplaint(reader, detail, sesEvent),
            SesEventType.Delivery => ReadDelivery(reader, detail, sesEvent),
            SesEventType.Reject => ReadReject(reader, detail, sesEvent),
            SesEventType.Open => ReadEngagement(reader, detail, "open", sesEvent),
            SesEventType.Click => ReadEngagement(reader, detail, "click", sesEvent),
            SesEventType.RenderingFailure => ReadRenderingFailure(reader, detail, sesEvent),
            SesEventType.DeliveryDelay => ReadDeliveryDelay(reader, detail, sesEvent),
            SesEventType.Subscription => ReadSubscription(reader, detail, sesEvent),
            _ => sesEvent,
        };

        tags.TryGetValue(MessageTags.Tenant, out var tenantValues);
        var tenantTag = tenantValues?.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var unsubscribesAll = type == SesEventType.Subscription && ReadUnsubscribeAll(reader, detail);
        var optsOut = unsubscribesAll || (type == SesEventType.Subscription && ReadNewTopicOptOut(reader, detail));
        return new ParsedSesEvent(account, tenantTag, sesEvent, unsubscribesAll, optsOut);
    }

    /// <summary>
    /// Send, Reject and Rendering Failure happen when SES takes the message: mail.timestamp. The other types carry their
    /// own timestamp, read with their object; until then (and if it is missing) the envelope's time, which EventBridge
    /// sets when SES published the event, to the second.
    /// </summary>
    private static DateTimeOffset OccurredAt(SesEventType type, DateTimeOffset? sentAt, DateTimeOffset? envelopeTime, DateTimeOffset receivedAt) =>
        type is SesEventType.Send or SesEventType.Reject or SesEventType.RenderingFailure
            ? sentAt ?? envelopeTime ?? receivedAt
            : envelopeTime ?? sentAt ?? receivedAt;

    private static SesEventType ReadType(Reader reader, JsonElement detail, string? detailType)
    {
        var eventType = reader.OptionalString(detail, "eventType", "detail.eventType");
        if (eventType is not null)
        {
            return EventTypes.TryGetValue(eventType, out var type)
                ? type
                : throw reader.Fail($"detail.eventType '{eventType}' is not an SES event type ({string.Join(", ", EventTypes.Keys.Where(k => k != "RenderingFailure"))}).");
        }

        if (detailType is null)
        {
            throw reader.Fail("neither detail.eventType nor detail-type says which SES event this is.");
        }

        return DetailTypes.TryGetValue(detailType, out var fromDetailType)
            ? fromDetailType
            : throw reader.Fail($"detail-type '{detailType}' is not an SES email event ({string.Join(", ", DetailTypes.Keys)}).");
    }

    private static SesEvent ReadBounce(Reader reader, JsonElement detail, SesEvent sesEvent)
    {
        var bounce = reader.RequiredObject(detail, "bounce", "detail.bounce");
        var (recipients, diagnosticCode) = ReadRecipientObjects(reader, bounce, "bouncedRecipients", "detail.bounce.bouncedRecipients");
        return sesEvent with
        {
            OccurredAt = reader.OptionalTimestamp(bounce, "timestamp", "detail.bounce.timestamp") ?? sesEvent.OccurredAt,
            Recipients = recipients,
            BounceType = reader.OptionalString(bounce, "bounceType", "detail.bounce.bounceType"),
            BounceSubType = reader.OptionalString(bounce, "bounceSubType", "detail.bounce.bounceSubType"),
            DiagnosticCode = diagnosticCode,
        };
    }

    private static SesEvent ReadComplaint(Reader reader, JsonElement detail, SesEvent sesEvent)
    {
        var complaint = reader.RequiredObject(detail, "complaint", "detail.complaint");
        var (recipients, _) = ReadRecipientObjects(reader, complaint, "complainedRecipients", "detail.complaint.complainedRecipients");
        return sesEvent with
        {
            OccurredAt = reader.OptionalTimestamp(complaint, "timestamp", "detail.complaint.timestamp") ?? sesEvent.OccurredAt,
            Recipients = recipients,
            ComplaintFeedbackType = reader.OptionalString(complaint, "complaintFeedbackType", "detail.complaint.complaintFeedbackType"),
            UserAgent = reader.OptionalString(complaint, "userAgent", "detail.complaint.userAgent"),
        };
    }

    private static SesEvent ReadDelivery(Reader reader, JsonElement detail, SesEvent sesEvent)
    {
        if (reader.OptionalObject(detail, "delivery", "detail.delivery") is not { } delivery)
        {
            return sesEvent;
        }

        var recipients = Normalize(reader.OptionalStringArray(delivery, "recipients", "detail.delivery.recipients"));
        return sesEvent with
        {
            OccurredAt = reader.OptionalTimestamp(delivery, "timestamp", "detail.delivery.timestamp") ?? sesEvent.OccurredAt,
            Recipients = recipients.Length > 0 ? recipients : sesEvent.Recipients,
        };
    }

    private static SesEvent ReadReject(Reader reader, JsonElement detail, SesEvent sesEvent) =>
        reader.OptionalObject(detail, "reject", "detail.reject") is { } reject
            ? sesEvent with { Reason = reader.OptionalString(reject, "reason", "detail.reject.reason") }
            : sesEvent;

    private static SesEvent ReadEngagement(Reader reader, JsonElement detail, string name, SesEvent sesEvent)
    {
        if (reader.OptionalObject(detail, name, $"detail.{name}") is not { } engagement)
        {
            return sesEvent;
        }

        return sesEvent with
        {
            OccurredAt = reader.OptionalTimestamp(engagement, "timestamp", $"detail.{name}.timestamp") ?? sesEvent.OccurredAt,
            IpAddress = reader.OptionalString(engagement, "ipAddress", $"detail.{name}.ipAddress"),
            UserAgent = reader.OptionalString(engagement, "userAgent", $"detail.{name}.userAgent"),
            ClickLink = name == "click" ? reader.OptionalString(engagement, "link", "detail.click.link") : null,
        };
    }

    private static SesEvent ReadRenderingFailure(Reader reader, JsonElement detail, SesEvent sesEvent) =>
        reader.OptionalObject(detail, "failure", "detail.failure") is { } failure
            ? sesEvent with { Reason = reader.OptionalString(failure, "errorMessage", "detail.failure.errorMessage") }
            : sesEvent;

    private static SesEvent ReadDeliveryDelay(Reader reader, JsonElement detail, SesEvent sesEvent)
    {
        if (reader.OptionalObject(detail, "deliveryDelay", "detail.deliveryDelay") is not { } delay)
        {
            return sesEvent;
        }

        var (recipients, diagnosticCode) = ReadRecipientObjects(reader, delay, "delayedRecipients", "detail.deliveryDelay.delayedRecipients");
        return sesEvent with
        {
            OccurredAt = reader.OptionalTimestamp(delay, "timestamp", "detail.deliveryDelay.timestamp") ?? sesEvent.OccurredAt,
            Recipients = recipients.Count > 0 ? recipients : sesEvent.Recipients,
            DelayType = reader.OptionalString(delay, "delayType", "detail.deliveryDelay.delayType"),
            DiagnosticCode = diagnosticCode,
        };
    }

    private static SesEvent ReadSubscription(Reader reader, JsonElement detail, SesEvent sesEvent) =>
        reader.OptionalObject(detail, "subscription", "detail.subscription") is { } subscription
            ? sesEvent with { OccurredAt = reader.OptionalTimestamp(subscription, "timestamp", "detail.subscription.timestamp") ?? sesEvent.OccurredAt }
            : sesEvent;

    private static bool ReadUnsubscribeAll(Reader reader, JsonElement detail) =>
        reader.OptionalObject(detail, "subscription", "detail.subscription") is { } subscription
        && reader.OptionalObject(subscription, "newTopicPreferences", "detail.subscription.newTopicPreferences") is { } preferences
        && reader.OptionalBoolean(preferences, "unsubscribeAll", "detail.subscription.newTopicPreferences.unsubscribeAll") == true;

    /// <summary>
    /// Whether newTopicPreferences opts out of a topic that oldTopicPreferences did not (every OptOut when there are no
    /// old preferences): the recipient turned some of the mail away, rather than opting back in.
    /// </summary>
    private static bool ReadNewTopicOptOut(Reader reader, JsonElement detail)
    {
        if (reader.OptionalObject(detail, "subscription", "detail.subscription") is not { } subscription
            || reader.OptionalObject(subscription, "newTopicPreferences", "detail.subscription.newTopicPreferences") is not { } preferences)
        {
            return false;
        }

        var before = reader.OptionalObject(subscription, "oldTopicPreferences", "detail.subscription.oldTopicPreferences") is { } old
            ? OptedOutTopics(reader, old, "detail.subscription.oldTopicPreferences")
            : [];
        return OptedOutTopics(reader, preferences, "detail.subscription.newTopicPreferences").Any(topic => !before.Contains(topic));
    }

    private static HashSet<string> OptedOutTopics(Reader reader, JsonElement preferences, string path)
    {
        var topics = new HashSet<string>(StringComparer.Ordinal);
        if (!preferences.TryGetProperty("topicSubscriptionStatus", out var statuses) || statuses.ValueKind != JsonValueKind.Array)
        {
            return topics;
        }

        var i = 0;
        foreach (var status in statuses.EnumerateArray())
        {
            var itemPath = $"{path}.topicSubscriptionStatus[{i++}]";
            if (status.ValueKind == JsonValueKind.Object
                && string.Equals(reader.OptionalString(status, "subscriptionStatus", itemPath + ".subscriptionStatus"), "OptOut", StringComparison.OrdinalIgnoreCase))
            {
                topics.Add(reader.OptionalString(status, "topicName", itemPath + ".topicName") ?? "");
            }
        }

        return topics;
    }

    /// <summary>[{ emailAddress, diagnosticCode, ... }]: the normalized addresses and the first diagnostic code.</summary>
    private static (IReadOnlyList<string> Recipients, string? DiagnosticCode) ReadRecipientObjects(Reader reader, JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return ([], null);
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw reader.Fail($"{path} must be an array, not a JSON {Describe(array.ValueKind)}.");
        }

        var addresses = new List<string>();
        string? diagnosticCode = null;
        var i = 0;
        foreach (var recipient in array.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            if (recipient.ValueKind != JsonValueKind.Object)
            {
                throw reader.Fail($"{itemPath} must be an object with an emailAddress.");
            }

            addresses.Add(reader.RequiredString(recipient, "emailAddress", itemPath + ".emailAddress"));
            diagnosticCode ??= reader.OptionalString(recipient, "diagnosticCode", itemPath + ".diagnosticCode");
        }

        return (Normalize(addresses), diagnosticCode);
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadTags(Reader reader, JsonElement mail)
    {
        var tags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (reader.OptionalObject(mail, "tags", "detail.mail.tags") is not { } element)
        {
            return tags;
        }

        foreach (var tag in element.EnumerateObject())
        {
            tags[tag.Name] = reader.OptionalStringArray(element, tag.Name, $"detail.mail.tags.{tag.Name}");
        }

        return tags;
    }

    private static string[] Normalize(IEnumerable<string> addresses) =>
        addresses.Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => EmailAddressNormalizer.Normalize(AddressOf(a)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>"Name &lt;a@example.com&gt;" → "a@example.com"; a bare address stays as it is.</summary>
    private static string AddressOf(string value)
    {
        var open = value.LastIndexOf('<');
        var close = value.LastIndexOf('>');
        return open >= 0 && close > open + 1 ? value[(open + 1)..close] : value;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    /// <summary>Field access that turns every surprise into a <see cref="SesEventFormatException"/> for event <c>index</c>.</summary>
    private readonly struct Reader(int index)
    {
        public SesEventFormatException Fail(string problem) => new(index, problem);

        public string RequiredString(JsonElement parent, string name, string path) =>
            OptionalString(parent, name, path) is { Length: > 0 } value ? value : throw Fail($"{path} is missing or empty.");

        public string? OptionalString(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw Fail($"{path} must be a string, not a JSON {Describe(value.ValueKind)}.");
        }

        public bool? OptionalBoolean(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : throw Fail($"{path} must be true or false, not a JSON {Describe(value.ValueKind)}.");
        }

        public JsonElement RequiredObject(JsonElement parent, string name, string path) =>
            OptionalObject(parent, name, path) ?? throw Fail($"{path} is missing.");

        public JsonElement? OptionalObject(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Object
                ? value
                : throw Fail($"{path} must be an object, not a JSON {Describe(value.ValueKind)}.");
        }

        public List<string> OptionalStringArray(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Fail($"{path} must be an array of strings, not a JSON {Describe(value.ValueKind)}.");
            }

            var items = new List<string>(value.GetArrayLength());
            foreach (var item in value.EnumerateArray())
            {
                items.Add(item.ValueKind == JsonValueKind.String
                    ? item.GetString()!
                    : throw Fail($"{path} must be an array of strings; it holds a JSON {Describe(item.ValueKind)}."));
            }

            return items;
        }

        public DateTimeOffset? OptionalTimestamp(JsonElement parent, string name, string path)
        {
            var text = OptionalString(parent, name, path);
            if (text is null)
            {
                return null;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : throw Fail($"{path} '{text}' is not an ISO-8601 timestamp.");
        }
    }
}
