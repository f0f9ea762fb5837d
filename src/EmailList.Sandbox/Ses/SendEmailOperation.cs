using System.Globalization;
using System.Text;
using System.Text.Json;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.Events;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace EmailList.Sandbox.Ses;

/// <summary>SES v2 SendEmail: the account's state and limits, identity verification, the simulator, and the outbox.</summary>
internal static class SendEmailOperation
{
    private const int MaxRecipients = 50;

    public static IResult Handle(HttpContext context, SandboxWorld world, SesEventPublisher publisher, TimeProvider timeProvider, ILogger<SandboxWorld> logger)
    {
        var request = VerifiedRequest.From(context);
        var caller = request.Caller;
        world.Counters.Increment(caller.AccountId, Counter.SendEmailCalls);
        var remote = context.Connection.RemoteIpAddress;
        var sourceIp = (remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote)?.ToString();
        var (result, refusedWith) = Send(request, sourceIp, world, publisher, timeProvider, logger);
        if (refusedWith is not null)
        {
            world.Counters.Increment(caller.AccountId, refusedWith.StatusCode == 429 ? Counter.ThrottledCalls : Counter.RejectedCalls);
            SandboxLog.OperationRefused(logger, "SendEmail", caller.AccountId, refusedWith.Code);
        }

        return result;
    }

    private static (IResult Result, AwsError? Refusal) Send(
        VerifiedRequest request, string? sourceIp, SandboxWorld world, SesEventPublisher publisher, TimeProvider timeProvider, ILogger logger)
    {
        var caller = request.Caller;
        SendEmailInput? input;
        try
        {
            input = JsonSerializer.Deserialize<SendEmailInput>(request.Body, SesJson.Options);
        }
        catch (JsonException)
        {
            return Refuse(400, "BadRequestException", "The request body is not valid JSON.");
        }

        // AWS names the sending identity as the resource SendEmail was refused on.
        var identityResource = MailboxAddress.TryParse(input?.FromEmailAddress ?? string.Empty, out var claimed)
            ? $"arn:aws:ses:{caller.Region}:{caller.AccountId}:identity/{AsSent(claimed)}"
            : null;
        if (SesEndpoints.Admit(caller, "SendEmail", world, logger, identityResource) is { } refusal)
        {
            return (SesJson.Error(refusal), refusal);
        }

        var account = world.SesAccount(caller.AccountId, caller.Region);
        var settings = account.Settings;
        if (string.Equals(settings.EnforcementStatus, "SHUTDOWN", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(400, "AccountSuspendedException", "The message can't be sent because the account's ability to send email has been permanently restricted.");
        }

        if (!settings.SendingEnabled)
        {
            return Refuse(400, "SendingPausedException", "The message can't be sent because the account's ability to send email is currently paused.");
        }

        var content = input?.Content;
        if (input is null || content is null || (content.Simple is null) == (content.Raw is null) || content.Template is not null)
        {
            return Refuse(400, "BadRequestException",
                content?.Template is not null
                    ? "The sandbox does not emulate templates; send Simple or Raw content."
                    : "Content must contain exactly one of Simple or Raw.");
        }

        if (NonAsciiAddressRefusal(input) is { } illegal)
        {
            return Refuse(400, "BadRequestException", illegal);
        }

        MimeMessage? mime = null;
        if (content.Raw is not null)
        {
            if (content.Raw.Data is not { Length: > 0 } data)
            {
                return Refuse(400, "BadRequestException", "Content.Raw.Data is required.");
            }

            try
            {
                using var stream = new MemoryStream(data);
                mime = MimeMessage.Load(stream);
            }
            catch (FormatException)
            {
                return Refuse(400, "MessageRejected", "The raw message is not valid MIME.");
            }
        }

        // MimeKit's parts have finalizers: an undisposed message outlives its first GC with everything it holds.
        using var parsed = mime;

        var fromText = input.FromEmailAddress ?? mime?.Headers[HeaderId.From]?.Trim();
        if (string.IsNullOrWhiteSpace(fromText))
        {
            return Refuse(400, "BadRequestException", "Missing required field FromEmailAddress (or a From header in the raw message).");
        }

        if (!MailboxAddress.TryParse(fromText, out var fromMailbox))
        {
            return Refuse(400, "BadRequestException", "Illegal address");
        }

        var to = Addresses(input.Destination?.ToAddresses, mime?.To);
        var cc = Addresses(input.Destination?.CcAddresses, mime?.Cc);
        var bcc = Addresses(input.Destination?.BccAddresses, mime?.Bcc);
        var replyTo = Addresses(input.ReplyToAddresses, mime?.ReplyTo);
        if (to is null || cc is null || bcc is null || replyTo is null)
        {
            return Refuse(400, "BadRequestException", "Illegal address");
        }

        if (input.ConfigurationSetName is { } setName && !ConfigurationSetEndpoints.Exists(world, caller, setName))
        {
            return Refuse(404, "NotFoundException", ConfigurationSetEndpoints.NotFoundMessage(setName));
        }

        var recipients = to.Concat(cc).Concat(bcc).ToList();
        if (recipients.Count == 0)
        {
            return Refuse(400, "BadRequestException", "The message must have at least one recipient.");
        }

        if (recipients.Count > MaxRecipients)
        {
            return Refuse(400, "MessageRejected", $"Recipient count exceeds {MaxRecipients}.");
        }

        var region = caller.Region.ToUpperInvariant();
        var sender = AsSent(fromMailbox);
        if (!account.IsVerified(sender))
        {
            return Refuse(400, "MessageRejected", $"Email address is not verified. The following identities failed the check in region {region}: {sender}");
        }

        if (!settings.ProductionAccessEnabled)
        {
            var unverified = recipients.Where(r => MailboxSimulator.Outcome(r) is null && !account.IsVerified(r)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (unverified.Count > 0)
            {
                return Refuse(400, "MessageRejected", $"Email address is not verified. The following identities failed the check in region {region}: {string.Join(", ", unverified)}");
            }
        }

        var now = timeProvider.GetUtcNow();
        switch (account.TryConsume(recipients.Count, now))
        {
            case SendRefusal.RateExceeded:
                return Refuse(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
            case SendRefusal.DailyQuotaExceeded:
                return Refuse(429, "LimitExceededException", "Daily message quota exceeded.");
        }

        var messageId = MessageId(now);
        var suppressed = recipients.Where(r => account.FindSuppressed(r) is not null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var outcomes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var recipient in recipients)
        {
            outcomes[recipient] = MailboxSimulator.Outcome(recipient)
                ?? (suppressed.Contains(recipient, StringComparer.OrdinalIgnoreCase) ? MailboxSimulator.SuppressionListBounce : MailboxSimulator.Delivery);
        }

        var simple = content.Simple;
        var accepted = new OutboxMessage(
            messageId,
            caller.AccountId,
            caller.Session?.RoleArn,
            fromText,
            to,
            cc,
            bcc,
            replyTo,
            simple?.Subject?.Data ?? mime?.Subject,
            input.ConfigurationSetName,
            (input.EmailTags ?? []).Where(t => t.Name is not null).GroupBy(t => t.Name!).ToDictionary(g => g.Key, g => g.Last().Value ?? string.Empty),
            content.Raw?.Data is { } raw ? Encoding.UTF8.GetString(raw) : null,
            simple?.Body?.Text?.Data ?? mime?.TextBody,
            simple?.Body?.Html?.Data ?? mime?.HtmlBody,
            simple is not null ? SimpleAttachments(simple) : MimeAttachments(mime!),
            outcomes,
            suppressed,
            now,
            sourceIp,
            caller.Region);
        world.Outbox.Add(accepted);
        publisher.MessageAccepted(accepted, mime);
        world.Counters.Increment(caller.AccountId, Counter.AcceptedEmails);
        world.Recipients.Add(caller.AccountId, recipients, now);
        SandboxLog.EmailAccepted(logger, messageId, caller.AccountId, recipients.Count);
        return (SesJson.Ok(new SendEmailOutput(messageId)), null);
    }

    /// <summary>
    /// SES does not support SMTPUTF8: every address it is given must be 7-bit ASCII, an international domain in
    /// punycode. It refuses the call with BadRequestException and a message like these.
    /// </summary>
    private static string? NonAsciiAddressRefusal(SendEmailInput input)
    {
        IEnumerable<string?> addresses = [
            input.FromEmailAddress,
            .. input.Destination?.ToAddresses ?? [],
            .. input.Destination?.CcAddresses ?? [],
            .. input.Destination?.BccAddresses ?? [],
            .. input.ReplyToAddresses ?? []];
        foreach (var address in addresses)
        {
            if (address is null || Ascii.IsValid(address))
            {
                continue;
            }

            // Read from the text as sent: MimeKit would show a punycode domain decoded.
            var spec = address.AsSpan().Trim();
            var open = spec.LastIndexOf('<');
            if (open >= 0 && spec.EndsWith(">"))
            {
                spec = spec[(open + 1)..^1];
            }

            var at = spec.LastIndexOf('@');
            return (at >= 0 && !Ascii.IsValid(spec[..at])) ? "Local address contains illegal character"
                : at >= 0 && !Ascii.IsValid(spec[(at + 1)..]) ? "Domain contains illegal character"
                : "Illegal address";
        }

        return null;
    }

    // MimeKit's Address shows a punycode domain decoded; SES records and publishes the address as it was sent.
    private static string AsSent(MailboxAddress mailbox) => mailbox.IsInternational ? mailbox.GetAddress(idnEncode: true) : mailbox.Address;

    private static (IResult, AwsError?) Refuse(int statusCode, string code, string message) =>
        (SesJson.Error(statusCode, code, message), new AwsError(statusCode, code, message));

    /// <summary>Bare addresses from the request, or else from the MIME headers; null when one does not parse.</summary>
    private static List<string>? Addresses(IReadOnlyList<string>? fromRequest, InternetAddressList? fromMime)
    {
        if (fromRequest is null)
        {
            return fromMime?.Mailboxes.Select(AsSent).ToList() ?? [];
        }

        var addresses = new List<string>(fromRequest.Count);
        foreach (var text in fromRequest)
        {
            if (!MailboxAddress.TryParse(text, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
            {
                return null;
            }

            addresses.Add(AsSent(mailbox));
        }

        return addresses;
    }

    private static List<OutboxAttachment> SimpleAttachments(SimpleMessageInput simple) =>
        [.. (simple.Attachments ?? []).Select(a => new OutboxAttachment(a.FileName, a.ContentType ?? "application/octet-stream", a.RawContent?.LongLength ?? 0))];

    private static List<OutboxAttachment> MimeAttachments(MimeMessage mime)
    {
        var attachments = new List<OutboxAttachment>();
        foreach (var part in mime.Attachments.OfType<MimePart>())
        {
            using var decoded = new MemoryStream();
            part.Content?.DecodeTo(decoded);
            attachments.Add(new OutboxAttachment(part.FileName, part.ContentType.MimeType, decoded.Length));
        }

        return attachments;
    }

    // SES message ids: 16 hex digits (a time prefix), a UUID, and a six-digit suffix.
    private static string MessageId(DateTimeOffset now) =>
        "0100" + now.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("D") + "-000000";
}
