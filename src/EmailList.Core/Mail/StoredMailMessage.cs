using System.Text.Json;
using System.Text.Json.Serialization;
using MimeKit;

namespace EmailList.Core.Mail;

/// <summary>
/// A validated <see cref="MailMessage"/> as JSON, for mail that is sent later: addresses in their RFC 5322 form (read
/// back with the same strict parser), attachments base64. Stored content was validated before it was stored.
/// </summary>
public static class StoredMailMessage
{
    public static string Serialize(MailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stored = new Stored(
            message.From.ToString(encode: true),
            Addresses(message.To),
            Addresses(message.Cc),
            Addresses(message.Bcc),
            Addresses(message.ReplyTo),
            message.Subject,
            message.Html,
            message.Text,
            [.. message.Headers.Select(h => new StoredPair(h.Key, h.Value))],
            [.. message.Tags.Select(t => new StoredPair(t.Key, t.Value))],
            [.. message.Attachments.Select(a => new StoredAttachment(a.FileName, a.ContentType, a.Content.ToArray()))]);
        return JsonSerializer.Serialize(stored, StoredMailJsonContext.Default.Stored);
    }

    public static MailMessage Deserialize(string content)
    {
        var stored = JsonSerializer.Deserialize(content, StoredMailJsonContext.Default.Stored)
            ?? throw new JsonException("Stored mail content is null.");
        return new MailMessage
        {
            From = MailboxAddress.Parse(stored.From),
            To = Mailboxes(stored.To),
            Cc = Mailboxes(stored.Cc),
            Bcc = Mailboxes(stored.Bcc),
            ReplyTo = Mailboxes(stored.ReplyTo),
            Subject = stored.Subject,
            Html = stored.Html,
            Text = stored.Text,
            Headers = [.. stored.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))],
            Tags = [.. stored.Tags.Select(t => new KeyValuePair<string, string>(t.Name, t.Value))],
            Attachments = [.. stored.Attachments.Select(a => new MailAttachment(a.FileName, a.ContentType, a.Content))],
        };
    }

    private static string[] Addresses(IReadOnlyList<MailboxAddress> mailboxes) => [.. mailboxes.Select(m => m.ToString(encode: true))];

    private static MailboxAddress[] Mailboxes(string[] addresses) => [.. addresses.Select(MailboxAddress.Parse)];

    internal sealed record Stored(
        string From, string[] To, string[] Cc, string[] Bcc, string[] ReplyTo, string Subject, string? Html, string? Text,
        StoredPair[] Headers, StoredPair[] Tags, StoredAttachment[] Attachments);

    internal sealed record StoredPair(string Name, string Value);

    internal sealed record StoredAttachment(string FileName, string ContentType, byte[] Content);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredMailMessage.Stored))]
internal sealed partial class StoredMailJsonContext : JsonSerializerContext;
