using EmailList.Core.Suppression;
using MimeKit;

namespace EmailList.QueryApi.Http;

/// <summary>The send API's address rules (RFC 5322, strict, a domain with a dot), for a bare address, then normalized.</summary>
internal static class EmailAddressRules
{
    public const int MaxLength = 320;

    private static readonly ParserOptions Parser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    /// <summary>The normalized address, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static string? Normalize(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "An email address is required.";
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > MaxLength || trimmed.AsSpan().IndexOfAny('\r', '\n') >= 0
            || !MailboxAddress.TryParse(Parser, trimmed, out var mailbox)
            || !string.IsNullOrEmpty(mailbox.Name)
            || !IsDeliverable(mailbox.Address))
        {
            error = $"'{TimeWindowParser.Shorten(trimmed)}' is not a valid email address; give a bare address such as jane@example.com.";
            return null;
        }

        return EmailAddressNormalizer.Normalize(mailbox.Address);
    }

    // SES needs a domain with a dot; an address literal or a bare host name cannot be delivered through it.
    private static bool IsDeliverable(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0)
        {
            return false;
        }

        var domain = address[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.StartsWith('[');
    }
}
