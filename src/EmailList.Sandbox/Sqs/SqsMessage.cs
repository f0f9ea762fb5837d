using System.Security.Cryptography;
using System.Text;

namespace EmailList.Sandbox.Sqs;

/// <summary>One message in a queue: its body, when it was sent, how often it was received, and until when it is invisible.</summary>
internal sealed class SqsMessage(string messageId, string body, DateTimeOffset sentAt)
{
    public string MessageId { get; } = messageId;

    public string Body { get; } = body;

    /// <summary>Hex MD5 of the body's UTF-8 bytes, which SDKs check (MD5OfBody, MD5OfMessageBody).</summary>
    public string Md5OfBody { get; } = Md5Hex(body);

    public DateTimeOffset SentAt { get; } = sentAt;

    public DateTimeOffset? FirstReceivedAt { get; set; }

    public int ReceiveCount { get; set; }

    public DateTimeOffset VisibleAt { get; set; } = sentAt;

    /// <summary>The handle of the latest receive; an older handle still deletes the message, as in SQS.</summary>
    public string? ReceiptHandle { get; set; }

    public static string Md5Hex(string text) =>
#pragma warning disable CA5351 // SQS's own checksum, not a security use.
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}
