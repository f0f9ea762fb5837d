using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EmailList.Core.Mail;
using EmailList.ServiceDefaults.Http;
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

    // SES reads these headers as instructions and strips them: X-SES-CONFIGURATION-SET, X-SES-MESSAGE-TAGS,
    // X-SES-SOURCE-ARN, X-SES-FROM-ARN, X-SES-RETURN-PATH-ARN, X-SES-LIST-MANAGEMENT-OPTIONS. A tenant's configuration
    // set carries the event forwarding we set up, so the whole prefix is refused, including names SES adds later.
    private const string SesHeaderPrefix = "X-SES-";

    public static bool TryValidate(SendMailRequest request, out MailMessage? message, out Dictionary<string, string[]> errors)
    {
        var e = new ValidationErrors();

        MailboxAddress? from = null;
        if (string.IsNullOrWhiteSpace(request.From))
        {
            e.Add("from", "A sender is required, e.g. \"Acme <news@acme.com>\".");
        }
        else
        {
            from = ParseMailbox(request.From, "from", -1, e);
        }

        var to = ParseList(request.To, "to", e);
        var cc = ParseList(request.Cc, "cc", e);
        var bcc = ParseList(request.Bcc, "bcc", e);
        var replyTo = ParseList(request.ReplyTo, "replyTo", e);

        var recipientCount = to.Count + cc.Count + bcc.Count;
        if (recipientCount == 0 && (request.To?.Count ?? 0) + (request.Cc?.Count ?? 0) + (request.Bcc?.Count ?? 0) == 0)
        {
            e.Add("to", "At least one recipient (to, cc or bcc) is required.");
        }

        if ((request.To?.Count ?? 0) + (request.Cc?.Count ?? 0) + (request.Bcc?.Count ?? 0) > MailLimits.MaxRecipients)
        {
            e.Add("to", $"At most {MailLimits.MaxRecipients} recipients in to, cc and bcc together (SES's limit); split the send.");
        }

        if ((request.ReplyTo?.Count ?? 0) > MailLimits.MaxReplyTo)
        {
            e.Add("replyTo", $"At most {MailLimits.MaxReplyTo} reply-to addresses.");
        }

        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            e.Add("subject", "A subject is required.");
        }
        else if (HasLineBreak(request.Subject))
        {
            e.Add("subject", "The subject must not contain CR or LF.");
        }
        else if (request.Subject.Length > MailLimits.MaxSubjectLength)
        {
            e.Add("subject", $"The subject is longer than {MailLimits.MaxSubjectLength} characters.");
        }
        else if (EncodedWordText.IsIn(request.Subject))
        {
            e.Add("subject", EncodedWordError);
        }

        if (string.IsNullOrEmpty(request.Html) && string.IsNullOrEmpty(request.Text))
        {
            e.Add("html", "Give an html or a text body (or both).");
        }

        var headers = ValidateHeaders(request.Headers, e);
        var tags = ValidateTags(request.Tags, e);
        var attachments = ValidateAttachments(request.Attachments, e);

        errors = e.ToDictionary();
        if (errors.Count > 0)
        {
            message = null;
            return false;
        }

        // A recipient named twice (to and cc, say) is sent one copy, in the first place it appears.
        HashSet<string>? seen = to.Count + cc.Count + bcc.Count > 1 ? new(StringComparer.OrdinalIgnoreCase) : null;
        message = new MailMessage
        {
            From = from!,
            To = FirstOccurrences(to, seen),
            Cc = FirstOccurrences(cc, seen),
            Bcc = FirstOccurrences(bcc, seen),
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

    /// <summary>One address checked as POST /mail checks its senders and recipients; errors go under <paramref name="field"/>.</summary>
    public static MailboxAddress? ParseAddress(string value, string field, ValidationErrors errors) => ParseMailbox(value, field, -1, errors);

    /// <param name="index">The position in a list field, or -1; the error key is built only when there is an error.</param>
    private static MailboxAddress? ParseMailbox(string value, string field, int index, ValidationErrors errors)
    {
        if (HasLineBreak(value))
        {
            errors.Add(FieldName(field, index), $"'{Shorten(value)}' contains CR or LF.");
            return null;
        }

        if (value.Length > MailLimits.MaxAddressLength
            || !MailboxAddress.TryParse(AddressParser, value, out var mailbox)
            || !IsDeliverableAddress(mailbox.Address))
        {
            errors.Add(FieldName(field, index), $"'{Shorten(value)}' is not a valid email address (RFC 5322 mailbox, e.g. \"Jane <jane@example.com>\").");
            return null;
        }

        if (!Ascii.IsValid(mailbox.LocalPart))
        {
            errors.Add(FieldName(field, index), $"'{Shorten(value)}': SES sends only to and from addresses whose part before the @ is ASCII; the domain may be international.");
            return null;
        }

        // The send path writes an international domain in punycode (AsciiAddress); one IDNA cannot convert is refused here.
        if (mailbox.IsInternational)
        {
            try
            {
                AsciiAddress.Of(mailbox);
            }
            catch (ArgumentException)
            {
                errors.Add(FieldName(field, index), $"'{Shorten(value)}': the domain is not a valid international domain name (IDNA); check its spelling.");
                return null;
            }
        }

        if (EncodedWordText.IsIn(mailbox.Name))
        {
            errors.Add(FieldName(field, index), $"'{Shorten(value)}': {EncodedWordError}");
            return null;
        }

        return mailbox;
    }

    private static List<MailboxAddress> ParseList(IReadOnlyList<string>? values, string field, ValidationErrors errors)
    {
        var result = new List<MailboxAddress>(values?.Count ?? 0);
        if (values is null)
        {
            return result;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                errors.Add(FieldName(field, i), "An address must not be null.");
                continue;
            }

            var mailbox = ParseMailbox(values[i], field, i, errors);
            if (mailbox is not null)
            {
                result.Add(mailbox);
            }
        }

        return result;
    }

    private static List<MailboxAddress> FirstOccurrences(List<MailboxAddress> list, HashSet<string>? seen)
    {
        if (seen is null)
        {
            return list;
        }

        List<MailboxAddress>? kept = null;
        for (var i = 0; i < list.Count; i++)
        {
            if (!seen.Add(list[i].Address))
            {
                kept ??= list.GetRange(0, i);
            }
            else
            {
                kept?.Add(list[i]);
            }
        }

        return kept ?? list;
    }

    private static string FieldName(string field, int index) =>
        index < 0 ? field : string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");

    private static List<KeyValuePair<string, string>> ValidateHeaders(IReadOnlyDictionary<string, string>? headers, ValidationErrors errors)
    {
        if (headers is null || headers.Count == 0)
        {
            return [];
        }

        var result = new List<KeyValuePair<string, string>>(headers.Count);
        if (headers.Count > MailLimits.MaxHeaders)
        {
            errors.Add("headers", $"At most {MailLimits.MaxHeaders} custom headers.");
            return result;
        }

        foreach (var (name, value) in headers)
        {
            var fieldErrors = new FieldErrors(errors, "headers.", name);
            if (!HeaderName().IsMatch(name))
            {
                fieldErrors.Add("A header name is printable ASCII without spaces or ':' (RFC 5322 field-name).");
            }
            else if (ReservedHeaders.Contains(name))
            {
                fieldErrors.Add($"'{name}' is set by the message's own fields or by SES; it cannot be given as a custom header.");
            }
            else if (name.StartsWith(SesHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                fieldErrors.Add($"'{name}' would be read by SES as an instruction (configuration set, message tags, sending authorization, list management), not sent; headers starting with '{SesHeaderPrefix}' cannot be given. Use 'tags' for message tags.");
            }
            else if (value is null || HasLineBreak(value))
            {
                fieldErrors.Add("A header value must not contain CR or LF.");
            }
            else if (value.Length > MailLimits.MaxHeaderValueLength)
            {
                fieldErrors.Add($"A header value is at most {MailLimits.MaxHeaderValueLength} characters.");
            }
            else if (EncodedWordText.IsIn(value))
            {
                fieldErrors.Add(EncodedWordError);
            }
            else
            {
                result.Add(new(name, value));
            }
        }

        return result;
    }

    private static List<KeyValuePair<string, string>> ValidateTags(IReadOnlyDictionary<string, string>? tags, ValidationErrors errors)
    {
        if (tags is null || tags.Count == 0)
        {
            return [];
        }

        var result = new List<KeyValuePair<string, string>>(tags.Count);
        if (tags.Count > MailLimits.MaxTags)
        {
            errors.Add("tags", $"At most {MailLimits.MaxTags} tags.");
            return result;
        }

        foreach (var (name, value) in tags)
        {
            var fieldErrors = new FieldErrors(errors, "tags.", name);
            if (!TagText().IsMatch(name) || value is null || !TagText().IsMatch(value))
            {
                fieldErrors.Add($"Tag names and values are 1-{MailLimits.MaxTagLength} of A-Z, a-z, 0-9, '_' and '-' (SES's rule).");
            }
            else if (name.StartsWith(MessageTags.ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                fieldErrors.Add($"Tag names starting with '{MessageTags.ReservedPrefix}' are reserved.");
            }
            else
            {
                result.Add(new(name, value));
            }
        }

        return result;
    }

    private static List<MailAttachment> ValidateAttachments(IReadOnlyList<AttachmentRequest>? attachments, ValidationErrors errors)
    {
        if (attachments is null || attachments.Count == 0)
        {
            return [];
        }

        var result = new List<MailAttachment>(attachments.Count);
        if (attachments.Count > MailLimits.MaxAttachments)
        {
            errors.Add("attachments", $"At most {MailLimits.MaxAttachments} attachments.");
            return result;
        }

        for (var i = 0; i < attachments.Count; i++)
        {
            var field = $"attachments[{i}]";
            var attachment = attachments[i];
            if (attachment is null)
            {
                errors.Add(field, "An attachment must not be null.");
                continue;
            }

            var ok = true;
            if (string.IsNullOrWhiteSpace(attachment.Filename) || attachment.Filename.Length > MailLimits.MaxFileNameLength
                || HasLineBreak(attachment.Filename) || attachment.Filename.IndexOfAny(['/', '\\', '\0']) >= 0)
            {
                errors.Add($"{field}.filename", $"A file name (1-{MailLimits.MaxFileNameLength} characters, no path separators or line breaks) is required.");
                ok = false;
            }
            else if (EncodedWordText.IsIn(attachment.Filename))
            {
                errors.Add($"{field}.filename", EncodedWordError);
                ok = false;
            }

            var contentType = string.IsNullOrWhiteSpace(attachment.ContentType) ? "application/octet-stream" : attachment.ContentType;
            if (HasLineBreak(contentType) || !ContentType.TryParse(contentType, out _))
            {
                errors.Add($"{field}.contentType", $"'{Shorten(contentType)}' is not a MIME type such as 'application/pdf'.");
                ok = false;
            }

            byte[]? content = null;
            if (string.IsNullOrEmpty(attachment.Content))
            {
                errors.Add($"{field}.content", "The attachment's content (base64) is required.");
                ok = false;
            }
            else
            {
                content = new byte[attachment.Content.Length * 3 / 4 + 3];
                if (!Convert.TryFromBase64String(attachment.Content, content, out var length))
                {
                    errors.Add($"{field}.content", "The content is not valid base64.");
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

        var domain = address.AsSpan(at + 1);
        return domain.Contains('.') && domain[0] != '.' && domain[^1] != '.' && domain[0] != '[';
    }

    private const string EncodedWordError =
        "'=?' opens an RFC 2047 encoded-word, which mail readers decode, so the reader would not see this text as written; " +
        "give the text itself, unencoded (EmailList encodes it for transport), and write '=?' another way, e.g. '= ?'.";

    private static bool HasLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Shorten(string value) => value.Length <= 64 ? value.ReplaceLineEndings(" ") : value[..64].ReplaceLineEndings(" ") + "...";

    /// <summary>Adds under prefix + the (shortened) name, the key built only when an error is added.</summary>
    private readonly struct FieldErrors(ValidationErrors errors, string prefix, string name)
    {
        public void Add(string error) => errors.Add(prefix + Shorten(name), error);
    }

    [GeneratedRegex("^[!-9;-~]{1,76}$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagText();
}
