using System.Globalization;
using MimeKit;

namespace EmailList.Core.Mail;

/// <summary>
/// An address as SES takes it (7-bit ASCII, no SMTPUTF8): an international domain lower-cased, then in punycode.
/// </summary>
public static class AsciiAddress
{
    private static readonly IdnMapping Idn = new();

    /// <exception cref="ArgumentException">The local part is not ASCII, or the domain is not a valid IDN.</exception>
    public static string Of(MailboxAddress mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        if (!mailbox.IsInternational)
        {
            return mailbox.Address;
        }

        // MimeKit keeps a quoted local part quoted here, and shows a punycode domain decoded.
        var address = mailbox.GetAddress(idnEncode: false);
        var at = address.LastIndexOf('@');
        if (at <= 0 || !System.Text.Ascii.IsValid(address.AsSpan(0, at)))
        {
            throw new ArgumentException($"The local part of '{mailbox.Address}' is not ASCII; SES cannot send to or from it.", nameof(mailbox));
        }

        return string.Concat(address.AsSpan(0, at + 1), Domain(address[(at + 1)..]));
    }

    /// <summary>
    /// The domain's ASCII form. With invariant globalization IdnMapping does not apply UTS 46's case mapping, so
    /// "BÜCHER.example" would become the punycode of "bÜcher": the domain is lower-cased first.
    /// </summary>
    /// <exception cref="ArgumentException">The domain is not a valid IDN.</exception>
    public static string Domain(string domain) => Idn.GetAscii(domain.ToLowerInvariant());
}
