using EmailList.Core.Mail;
using MimeKit;

namespace EmailList.Core.Tests;

/// <summary>One message to compose, with everything the composer is given and what the checks need to know about it.</summary>
/// <param name="Name">Says which case this is in an assertion message (for random cases: the seed and index).</param>
public sealed record MailCase(
    string Name,
    MailMessage Message,
    IReadOnlyList<MailboxAddress> To,
    IReadOnlyList<MailboxAddress> Cc,
    DateTimeOffset Date,
    string MessageId,
    IReadOnlyList<string> Boundaries)
{
    public static MailCase Of(MailMessage message, string name = "case", IReadOnlyList<string>? boundaries = null) =>
        new(name, message, message.To, message.Cc, new DateTimeOffset(2026, 3, 9, 14, 5, 7, TimeSpan.Zero), "1234.5678@acme.example", boundaries ?? ["b1", "b2"]);

    /// <summary>A plain message from Acme to one recipient with the given bodies.</summary>
    public static MailMessage Simple(string? text, string? html) => new()
    {
        From = new MailboxAddress("Acme", "news@acme.example"),
        To = [new MailboxAddress("", "to@example.com")],
        Subject = "Hello",
        Text = text,
        Html = html,
    };

    public byte[] Compose() => MimeComposer.Compose(Message, To, Cc, Date, MessageId, new BoundarySequence(Boundaries).Next);

    public override string ToString() => Name;
}
