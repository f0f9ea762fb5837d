using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Lists;

/// <summary>Email lists' public side (section <c>Lists</c>): where its links point and how its tokens are signed.</summary>
public sealed class ListOptions : IValidatableObject
{
    public const string SectionName = "Lists";

    /// <summary>
    /// The absolute base of the public links in mails and sign-up URLs (…/subscribe, /confirm, /unsubscribe): the
    /// platform's load balancer in production, the send API's loopback address in the embedded default.
    /// </summary>
    [Required]
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Base64 of at least 32 random bytes: the HMAC-SHA256 key of confirm and unsubscribe tokens. A secret.</summary>
    [Required]
    public string? TokenKey { get; set; }

    /// <summary>How long a confirmation link works.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ConfirmationTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>No address gets more than one confirmation mail per this interval, however often it is signed up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ConfirmationInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Pending sign-ups older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan PendingRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Optional: an address that takes unsubscribe requests by mail, added as the <c>mailto:</c> part of
    /// List-Unsubscribe (<see cref="ListUnsubscribeHeaders"/>); without it the header has only the one-click URL.
    /// </summary>
    public string? UnsubscribeMailto { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Lists:PublicBaseUrl must be an absolute http(s) URL.", [nameof(PublicBaseUrl)]);
        }

        if (TokenKey is not null && (!TryKey(TokenKey, out var key) || key.Length < 32))
        {
            yield return new ValidationResult("Lists:TokenKey must be base64 of at least 32 random bytes.", [nameof(TokenKey)]);
        }

        if (!string.IsNullOrEmpty(UnsubscribeMailto) && !IsPlainAddress(UnsubscribeMailto))
        {
            yield return new ValidationResult("Lists:UnsubscribeMailto must be a bare address such as unsubscribe@example.com (no name, no brackets).", [nameof(UnsubscribeMailto)]);
        }
    }

    // What a mailto: URL can carry unescaped and SES can deliver: local@domain.tld, ASCII, nothing else.
    private static bool IsPlainAddress(string text) =>
        text.IndexOf('@') is > 0 and var at && at == text.LastIndexOf('@') && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.')
        && text.All(c => char.IsAsciiLetterOrDigit(c) || "@.-_+".Contains(c, StringComparison.Ordinal));

    internal static bool TryKey(string text, out byte[] key)
    {
        try
        {
            key = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            key = [];
            return false;
        }
    }
}
