using EmailList.Core.Mail;

namespace EmailList.Core.Suppression;

/// <summary>
/// The one key format for an address, shared by every reader and writer of the suppression list:
/// trimmed, lower-cased, with an internationalized domain in its ASCII (punycode) form, as it is sent to SES
/// (<see cref="AsciiAddress"/>), so the Unicode and the punycode spelling of an address are one key.
/// </summary>
public static class EmailAddressNormalizer
{
    public static string Normalize(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return trimmed.ToLowerInvariant();
        }

        var local = trimmed[..at];
        var domain = trimmed[(at + 1)..].TrimEnd('.');
        try
        {
            domain = AsciiAddress.Domain(domain);
        }
        catch (ArgumentException)
        {
            // Not a valid IDN; keep it as written so the comparison still works.
        }

        return (local + "@" + domain).ToLowerInvariant();
    }
}
