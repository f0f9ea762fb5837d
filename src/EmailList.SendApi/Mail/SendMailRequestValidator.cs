using System.Text.RegularExpressions;
using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.SendApi.Mail;

/// <summary>Turns a request into a <see cref="MailMessage"/>, or says, field by field, what is wrong with it.</summary>
internal static partial class SendMailRequestValidator
{
    private static readonly ParserOptions AddressParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    // Headers that the request's own fields set, or that SES and MIME own.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Return-Path", "Sender",
        "Received", "DKIM-Signature",
    };

    public static bool TryValidate(SendMailRequest request, out MailMessage? message, out Dictionary<string, string[]> errors)
    {
        var e = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string error)
        {
            if (!e.TryGetValue(field, out var list))
            {
                e[field] = list = [];
            }

            list.Add(error);
        }

        MailboxAddress? from = null;
        if (string.IsNullOrWhiteSpace(request.From))
        {
            Add("from", "A sender is required, e.g. \"Acme <news@acme.com>\".");
        }
        else
        {
            from = ParseMailbox(request.From, "from", Add);
        }

        var to = ParseList(request.To, "to", Add);
        var cc = ParseList(request.Cc, "cc", Add);
        var bcc = ParseList(request.Bcc, "bcc", Add);
        var replyTo = ParseList(request.ReplyTo, "replyTo", Add);

        var recipientCount = to.Count + cc.Count + bcc.Count;
        if (recipientCount == 0 && (request.To?.Count ?? 0) + (request.Cc?.Count ?? 0) + (request.Bcc?.Count ?? 0) == 0)
        {
            Add("to", "At least one recipient (to, cc or bcc) is required.");
        }

        if ((request.To?.Count ?? 0) + (request.Cc?.Count ?? 0) + (request.Bcc?.Count ?? 0) > MailLimits.MaxRecipients)
        {
            Add("to", $"At most {MailLimits.MaxRecipients} recipients in to, cc and bcc together (SES's limit); split the send.");
        }

        if ((request.ReplyTo?.Count ?? 0) > MailLimits.MaxReplyTo)
        {
            Add("replyTo", $"At most {MailLimits.MaxReplyTo} reply-to addresses.");
        }

        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            Add("subject", "A subject is required.");
        }
        else if (HasLineBreak(request.Subject))
        {
            Add("subject", "The subject must not contain CR or LF.");
        }
        else if (request.Subject.Length > MailLimits.MaxSubjectLength)
        {
            Add("subject", $"The subject is longer than {MailLimits.MaxSubjectLength} characters.");
        }

        if (string.IsNullOrEmpty(request.Html) && string.IsNullOrEmpty(request.Text))
        {
            Add("html", "Give an html or a text body (or both).");
        }

        var headers = ValidateHeaders(request.Headers, Add);
        var tags = ValidateTags(request.Tags, Add);
        var attachments = ValidateAttachments(request.Attachments, Add);

        errors = e.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        if (errors.Count > 0)
        {
            message = null;
            return false;
        }

        message = new MailMessage
        {
            From = from!,
            To = Distinct(to, []),
            Cc = Distinct(cc, to),
            Bcc = Distinct(bcc, to.Concat(cc)),
            ReplyTo = replyTo,
            Subject = request.Subject!,
            Html = NullIfEmpty(request.Html),
            Text = NullIfEmpty(request.Text),
            Headers = headers,
            Tags = tags,
            Attachments = attachments,
        };
        return true;
    }

    private static MailboxAddress? ParseMailbox(string value, string field, Action<string, string> add)
    {
        if (HasLineBreak(value))
        {
            add(field, $"'{Shorten(value)}' contains CR or LF.");
            return null;
        }

        if (value.Length > MailLimits.MaxAddressLength
            || !MailboxAddress.TryParse(AddressParser, value, out var mailbox)
            || !IsDeliverableAddress(mailbox.Address))
        {
            add(field, $"'{Shorten(value)}' is not a valid email address (RFC 5322 mailbox, e.g. \"Jane <jane@example.com>\").");
            return null;
        }

        return mailbox;
    }

    private static List<MailboxAddress> ParseList(IReadOnlyList<string>? values, string field, Action<string, string> add)
    {
        var result = new List<MailboxAddress>();
        if (values is null)
        {
            return result;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                add($"{field}[{i}]", "An address must not be null.");
                continue;
            }

            var mailbox = ParseMailbox(values[i], $"{field}[{i}]", add);
            if (mailbox is not null)
            {
                result.Add(mailbox);
            }
        }

        return result;
    }

    // A recipient named twice (to and cc, say) is sent one copy, in the first place it appears.
    private static List<MailboxAddress> Distinct(IEnumerable<MailboxAddress> list, IEnumerable<MailboxAddress> earlier)
    {
        var seen = new HashSet<string>(earlier.Select(m => m.Address), StringComparer.OrdinalIgnoreCase);
        return list.Where(m => seen.Add(m.Address)).ToList();
    }

    private static List<KeyValuePair<string, string>> ValidateHeaders(IReadOnlyDictionary<string, string>? headers, Action<string, string> add)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (headers is null)
        {
            return result;
        }

        if (headers.Count > MailLimits.MaxHeaders)
        {
            add("headers", $"At most {MailLimits.MaxHeaders} custom headers.");
            return result;
        }

        foreach (var (name, value) in headers)
        {
            var field = $"headers.{Shorten(name)}";
            if (!HeaderName().IsMatch(name))
            {
                add(field, "A header name is printable ASCII without spaces or ':' (RFC 5322 field-name).");
            }
            else if (ReservedHeaders.Contains(name))
            {
                add(field, $"'{name}' is set by the message's own fields or by SES; it cannot be given as a custom header.");
            }
            else if (value is null || HasLineBreak(value))
            {
                add(field, "A header value must not contain CR or LF.");
            }
            else if (value.Length > MailLimits.MaxHeaderValueLength)
            {
                add(field, $"A header value is at most {MailLimits.MaxHeaderValueLength} characters.");
            }
            else
            {
                result.Add(new(name, value));
            }
        }

        return result;
    }

    private static List<KeyValuePair<string, string>> ValidateTags(IReadOnlyDictionary<string, string>? tags, Action<string, string> add)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (tags is null)
        {
            return result;
        }

        if (tags.Count > MailLimits.MaxTags)
        {
            add("tags", $"At most {MailLimits.MaxTags} tags.");
            return result;
        }

        foreach (var (name, value) in tags)
        {
            var field = $"tags.{Shorten(name)}";
            if (!TagText().IsMatch(name) || value is null || !TagText().IsMatch(value))
            {
                add(field, $"Tag names and values are 1-{MailLimits.MaxTagLength} of A-Z, a-z, 0-9, '_' and '-' (SES's rule).");
            }
            else if (name.StartsWith(MessageTags.ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                add(field, $"Tag names starting with '{MessageTags.ReservedPrefix}' are reserved.");
            }
            else
            {
                result.Add(new(name, value));
            }
        }

        return result;
    }

    private static List<MailAttachment> ValidateAttachments(IReadOnlyList<AttachmentRequest>? attachments, Action<string, string> add)
    {
        var result = new List<MailAttachment>();
        if (attachments is null)
        {
            return result;
        }

        if (attachments.Count > MailLimits.MaxAttachments)
        {
            add("attachments", $"At most {MailLimits.MaxAttachments} attachments.");
            return result;
        }

        for (var i = 0; i < attachments.Count; i++)
        {
            var field = $"attachments[{i}]";
            var attachment = attachments[i];
            if (attachment is null)
            {
                add(field, "An attachment must not be null.");
                continue;
            }

            var ok = true;
            if (string.IsNullOrWhiteSpace(attachment.Filename) || attachment.Filename.Length > MailLimits.MaxFileNameLength
                || HasLineBreak(attachment.Filename) || attachment.Filename.IndexOfAny(['/', '\\', '\0']) >= 0)
            {
                add($"{field}.filename", $"A file name (1-{MailLimits.MaxFileNameLength} characters, no path separators or line breaks) is required.");
                ok = false;
            }

            var contentType = string.IsNullOrWhiteSpace(attachment.ContentType) ? "application/octet-stream" : attachment.ContentType;
            if (HasLineBreak(contentType) || !ContentType.TryParse(contentType, out _))
            {
                add($"{field}.contentType", $"'{Shorten(contentType)}' is not a MIME type such as 'application/pdf'.");
                ok = false;
            }

            byte[]? content = null;
            if (string.IsNullOrEmpty(attachment.Content))
            {
                add($"{field}.content", "The attachment's content (base64) is required.");
                ok = false;
            }
            else
            {
                content = new byte[attachment.Content.Length * 3 / 4 + 3];
                if (!Convert.TryFromBase64String(attachment.Content, content, out var length))
                {
                    add($"{field}.content", "The content is not valid base64.");
                    ok = false;
                }
                else
                {
                    Array.Resize(ref content, length);
                }
            }

            if (ok)
            {
                result.Add(new MailAttachment(attachment.Filename!, contentType, content!));
            }
        }

        return result;
    }

    // SES needs a domain with a dot; an address literal or a bare host name cannot be delivered through it.
    private static bool IsDeliverableAddress(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0)
        {
            return false;
        }

        var domain = address[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.StartsWith('[');
    }

    private static bool HasLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Shorten(string value) => value.Length <= 64 ? value.ReplaceLineEndings(" ") : value[..64].ReplaceLineEndings(" ") + "...";

    [GeneratedRegex("^[!-9;-~]{1,76}$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagText();
}
