using System.Globalization;
using System.Text;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Ses;
using EmailList.Sandbox.State;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EmailList.Sandbox.Events;

/// <summary>
/// Makes the events SES would publish for a message: Send once, then per recipient what its mailbox simulator outcome
/// produces (docs/sandbox.md has the table), and Open/Click on request.
/// </summary>
internal sealed class SesEventFactory(IOptions<SandboxOptions> options, SandboxWorld world)
{
    public const string DefaultUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    public const string DefaultIpAddress = "192.0.2.1";
    public const string DefaultLink = "https://example.com/";

    // Simulated delays, so that a message's timeline reads in order: sent, then delivered or bounced, then complained.
    private static readonly TimeSpan ProcessingTime = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ComplaintDelay = TimeSpan.FromSeconds(1);

    // SES truncates the headers in an event at 10 KB.
    private const int MaxHeaderChars = 10 * 1024;
    private const string ReportingMta = "sandbox.smtp-out.amazonses.com";
    private const string OutgoingIp = "192.0.2.25";
    private const string UserUnknown = "smtp; 550 5.1.1 user unknown";
    private const string OnSuppressionList =
        "Amazon SES did not send the message to this address because it is on the suppression list for your account. For more information about removing addresses from the suppression list, see the Amazon SES Developer Guide at https://docs.aws.amazon.com/ses/latest/DeveloperGuide/sending-email-suppression-list.html";

    private string RegionOf(OutboxMessage message) => message.Region ?? options.Value.Events.Region;

    public IReadOnlyList<EventBridgeEvent> ForAcceptedMessage(OutboxMessage message, MimeMessage? mime)
    {
        var mail = Mail(message, mime);
        var done = message.SentAt + ProcessingTime;
        var events = new List<EventBridgeEvent> { Envelope(message, "Email Sent", message.SentAt, new SesEventDetail("Send", mail, Send: new SesSend())) };
        foreach (var recipient in Recipients(message))
        {
            switch (message.SimulatorOutcomes.GetValueOrDefault(recipient))
            {
                case MailboxSimulator.Bounce:
                    events.Add(Bounced(message, mail, recipient, done, "General", UserUnknown, "dsn; " + ReportingMta));
                    break;
                case MailboxSimulator.SuppressionListBounce:
                    events.Add(Bounced(message, mail, recipient, done, "OnAccountSuppressionList", OnSuppressionList, "dns; amazonses.com"));
                    break;
                case MailboxSimulator.Complaint:
                    events.Add(Delivered(message, mail, recipient, done));
                    var complainedAt = message.SentAt + ComplaintDelay;
                    events.Add(Envelope(message, "Email Complaint Received", complainedAt, new SesEventDetail("Complaint", mail, Complaint: new SesComplaint(
                        [new SesComplainedRecipient(recipient)], Iso(complainedAt), FeedbackId(complainedAt), null,
                        "Amazon SES Mailbox Simulator", "abuse", Iso(done)))));
                    break;
                default:
                    // Delivery, and AutoReply: SES delivers, and the auto-reply comes back to the sender as mail, not as an event.
                    events.Add(Delivered(message, mail, recipient, done));
                    break;
            }
        }

        return events;
    }

    public EventBridgeEvent Open(OutboxMessage message, string? recipient, string userAgent, string ipAddress, DateTimeOffset at) =>
        Envelope(message, "Email Opened", at, new SesEventDetail("Open", Engaged(message, recipient), Open: new SesOpen(ipAddress, Iso(at), userAgent)));

    public EventBridgeEvent Click(OutboxMessage message, string? recipient, string link, string userAgent, string ipAddress, DateTimeOffset at) =>
        Envelope(message, "Email Clicked", at, new SesEventDetail("Click", Engaged(message, recipient),
            Click: new SesClick(ipAddress, Iso(at), userAgent, link, new Dictionary<string, IReadOnlyList<string>>())));

    /// <summary>
    /// The recipient unsubscribed from every topic of the contact list (SES's List-Unsubscribe handling): a Subscription
    /// event shaped as AWS's sample, naming the recipient alone in mail.destination as the engagement events do.
    /// </summary>
    public EventBridgeEvent Unsubscribe(OutboxMessage message, string? recipient, string contactList, string topic, DateTimeOffset at) =>
        Envelope(message, "Email Subscribed", at, new SesEventDetail("Subscription", Engaged(message, recipient) with { SourceArn = Mail(message, null).SourceArn },
            Subscription: new SesSubscription(contactList, Iso(at), "UnsubscribeHeader",
                new SesTopicPreferences(true, [new SesTopicSubscriptionStatus(topic, "OptOut")]),
                new SesTopicPreferences(false, [new SesTopicSubscriptionStatus(topic, "OptIn")]))));

    /// <summary>Every recipient of the message once, in To, Cc, Bcc order.</summary>
    public static IReadOnlyList<string> Recipients(OutboxMessage message) =>
        [.. message.To.Concat(message.Cc).Concat(message.Bcc).Distinct(StringComparer.OrdinalIgnoreCase)];

    private EventBridgeEvent Delivered(OutboxMessage message, SesMail mail, string recipient, DateTimeOffset at)
    {
        var tags = new Dictionary<string, IReadOnlyList<string>>(mail.Tags, StringComparer.Ordinal) { ["ses:outgoing-ip"] = [OutgoingIp] };
        return Envelope(message, "Email Delivered", at, new SesEventDetail("Delivery", mail with { Tags = tags }, Delivery: new SesDelivery(
            Iso(at), (long)(at - message.SentAt).TotalMilliseconds, [recipient], "250 2.6.0 Message received", ReportingMta)));
    }

    private EventBridgeEvent Bounced(OutboxMessage message, SesMail mail, string recipient, DateTimeOffset at, string subType, string diagnosticCode, string reportingMta) =>
        Envelope(message, "Email Bounced", at, new SesEventDetail("Bounce", mail, Bounce: new SesBounce(
            "Permanent", subType, [new SesBouncedRecipient(recipient, "failed", "5.1.1", diagnosticCode)], Iso(at), FeedbackId(at), reportingMta)));

    private SesMail Engaged(OutboxMessage message, string? recipient)
    {
        MimeMessage? mime = null;
        if (message.Raw is not null)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(message.Raw));
            mime = MimeMessage.Load(stream);
        }

        using var parsed = mime;
        // AWS's sample Open and Click records carry no mail.sourceArn: a reader that needs it must not find it here either.
        var mail = Mail(message, mime) with { SourceArn = null };
        return recipient is null ? mail : mail with { Destination = [recipient] };
    }

    private EventBridgeEvent Envelope(OutboxMessage message, string detailType, DateTimeOffset at, SesEventDetail detail) =>
        new("0", Guid.NewGuid().ToString("D"), detailType, "aws.ses", message.AccountId,
            at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), RegionOf(message),
            message.ConfigurationSetName is { } set ? [$"arn:aws:ses:{RegionOf(message)}:{message.AccountId}:configuration-set/{set}"] : [],
            detail);

    private SesMail Mail(OutboxMessage message, MimeMessage? mime)
    {
        var address = MailboxAddress.TryParse(message.From, out var mailbox) ? mailbox.GetAddress(idnEncode: true) : message.From;
        var domain = address[(address.LastIndexOf('@') + 1)..];
        var identity = world.SesAccount(message.AccountId, RegionOf(message)).IdentityFor(address) ?? domain;

        var tags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in message.Tags)
        {
            tags[name] = [value];
        }

        if (message.ConfigurationSetName is { } set)
        {
            tags["ses:configuration-set"] = [set];
        }

        tags["ses:source-ip"] = [message.SourceIp ?? "127.0.0.1"];
        tags["ses:from-domain"] = [domain];
        tags["ses:caller-identity"] = [CallerIdentity(message.RoleArn)];

        var (headers, truncated) = Truncate(mime is null ? SimpleHeaders(message) : RawHeaders(mime));
        var common = mime is null
            ? new SesCommonHeaders([message.From], NullIfEmpty(message.To), NullIfEmpty(message.Cc), NullIfEmpty(message.ReplyTo), null, message.MessageId, message.Subject)
            : new SesCommonHeaders([mime.Headers[HeaderId.From]?.Trim() ?? message.From], Mailboxes(mime.To), Mailboxes(mime.Cc), Mailboxes(mime.ReplyTo), mime.Headers[HeaderId.Date]?.Trim(),
                mime.MessageId ?? message.MessageId, mime.Subject);

        return new SesMail(Iso(message.SentAt), message.From, $"arn:aws:ses:{RegionOf(message)}:{message.AccountId}:identity/{identity}", message.AccountId,
            message.MessageId, Recipients(message), truncated, headers, common, tags);
    }

    // SES names the IAM identity that called it: the user's name, or for a role session the role's.
    private string CallerIdentity(string? roleArn)
    {
        if (RoleRegistration.TryParseArn(roleArn, out _, out var roleName))
        {
            return roleName;
        }

        var platform = options.Value.PlatformPrincipalArn;
        return platform[(platform.LastIndexOf('/') + 1)..];
    }

    // MimeKit keeps the top-level Content-* headers with the body entity; SES lists them with the others.
    private static List<SesHeader> RawHeaders(MimeMessage mime) =>
        [.. mime.Headers.Concat(mime.Body?.Headers ?? []).Where(h => h.Id != HeaderId.Bcc).Select(h => new SesHeader(h.Field, h.Value.Trim()))];

    private static List<SesHeader> SimpleHeaders(OutboxMessage message)
    {
        var headers = new List<SesHeader> { new("From", message.From) };
        if (message.To.Count > 0)
        {
            headers.Add(new("To", string.Join(", ", message.To)));
        }

        if (message.Cc.Count > 0)
        {
            headers.Add(new("Cc", string.Join(", ", message.Cc)));
        }

        if (message.ReplyTo.Count > 0)
        {
            headers.Add(new("Reply-To", string.Join(", ", message.ReplyTo)));
        }

        if (message.Subject is not null)
        {
            headers.Add(new("Subject", message.Subject));
        }

        headers.Add(new("MIME-Version", "1.0"));
        var boundary = $"\"----=_Part_{message.MessageId[..16]}\"";
        headers.Add(new("Content-Type", (message.Attachments.Count > 0, message.TextBody is not null && message.HtmlBody is not null, message.HtmlBody is not null) switch
        {
            (true, _, _) => "multipart/mixed; boundary=" + boundary,
            (_, true, _) => "multipart/alternative; boundary=" + boundary,
            (_, _, true) => "text/html; charset=UTF-8",
            _ => "text/plain; charset=UTF-8",
        }));
        return headers;
    }

    private static (IReadOnlyList<SesHeader> Headers, bool Truncated) Truncate(List<SesHeader> headers)
    {
        var size = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            size += headers[i].Name.Length + headers[i].Value.Length + 4;
            if (size > MaxHeaderChars)
            {
                return (headers.GetRange(0, i), true);
            }
        }

        return (headers, false);
    }

    private static List<string>? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values];

    private static List<string>? Mailboxes(InternetAddressList list) => list.Count == 0 ? null : [.. list.Select(a => a.ToString())];

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // Feedback ids look like message ids: a time prefix, a UUID and a six-digit suffix.
    private static string FeedbackId(DateTimeOffset at) =>
        "0100" + at.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("D") + "-000000";
}
