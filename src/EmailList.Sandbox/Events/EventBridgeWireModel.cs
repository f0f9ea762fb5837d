using System.Text.Json.Serialization;

namespace EmailList.Sandbox.Events;

// An SES event as EventBridge delivers it: the envelope, and in "detail" the SES event record with the member names
// of "Contents of event data that Amazon SES publishes" (camelCase; the exceptions are spelled out).

internal sealed record EventBridgeEvent(
    string Version,
    string Id,
    [property: JsonPropertyName("detail-type")] string DetailType,
    string Source,
    string Account,
    string Time,
    string Region,
    IReadOnlyList<string> Resources,
    SesEventDetail Detail);

internal sealed record SesEventDetail(
    string EventType,
    SesMail Mail,
    SesSend? Send = null,
    SesDelivery? Delivery = null,
    SesBounce? Bounce = null,
    SesComplaint? Complaint = null,
    SesOpen? Open = null,
    SesClick? Click = null,
    SesSubscription? Subscription = null);

/// <param name="SourceArn">Absent from Open and Click events, as in AWS's sample records of them.</param>
internal sealed record SesMail(
    string Timestamp,
    string Source,
    string? SourceArn,
    string SendingAccountId,
    string MessageId,
    IReadOnlyList<string> Destination,
    bool HeadersTruncated,
    IReadOnlyList<SesHeader> Headers,
    SesCommonHeaders CommonHeaders,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Tags);

internal sealed record SesHeader(string Name, string Value);

internal sealed record SesCommonHeaders(
    IReadOnlyList<string> From,
    IReadOnlyList<string>? To,
    IReadOnlyList<string>? Cc,
    IReadOnlyList<string>? ReplyTo,
    string? Date,
    string MessageId,
    string? Subject);

/// <summary>Always the empty object.</summary>
internal sealed record SesSend;

internal sealed record SesDelivery(
    string Timestamp,
    long ProcessingTimeMillis,
    IReadOnlyList<string> Recipients,
    string SmtpResponse,
    [property: JsonPropertyName("reportingMTA")] string ReportingMta);

internal sealed record SesBounce(
    string BounceType,
    string BounceSubType,
    IReadOnlyList<SesBouncedRecipient> BouncedRecipients,
    string Timestamp,
    string FeedbackId,
    [property: JsonPropertyName("reportingMTA")] string ReportingMta);

internal sealed record SesBouncedRecipient(string EmailAddress, string Action, string Status, string DiagnosticCode);

internal sealed record SesComplaint(
    IReadOnlyList<SesComplainedRecipient> ComplainedRecipients,
    string Timestamp,
    string FeedbackId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ComplaintSubType,
    string UserAgent,
    string ComplaintFeedbackType,
    string ArrivalDate);

internal sealed record SesComplainedRecipient(string EmailAddress);

internal sealed record SesOpen(string IpAddress, string Timestamp, string UserAgent);

internal sealed record SesClick(
    string IpAddress,
    string Timestamp,
    string UserAgent,
    string Link,
    IReadOnlyDictionary<string, IReadOnlyList<string>> LinkTags);

/// <summary>A Subscription event's record: the recipient changed their preferences through SES's subscription management.</summary>
/// <param name="Source">How: UnsubscribeHeader (the List-Unsubscribe header) or UnsubscribeLink (SES's preference page).</param>
internal sealed record SesSubscription(
    string ContactList,
    string Timestamp,
    string Source,
    SesTopicPreferences NewTopicPreferences,
    SesTopicPreferences OldTopicPreferences);

internal sealed record SesTopicPreferences(bool UnsubscribeAll, IReadOnlyList<SesTopicSubscriptionStatus> TopicSubscriptionStatus);

/// <param name="SubscriptionStatus">OptIn or OptOut.</param>
internal sealed record SesTopicSubscriptionStatus(string TopicName, string SubscriptionStatus);
