using EmailList.Core.Lists;

namespace EmailList.SendApi.Subscriptions;

/// <summary>A list's <see cref="MailingList.AllowedOrigins"/>: whose pages may post its form from a browser (CORS), and where a form post may be redirected.</summary>
public static class ListOrigins
{
    public static bool Allows(MailingList list, string? origin)
    {
        ArgumentNullException.ThrowIfNull(list);
        return Normalize(origin) is { } normalized && list.AllowedOrigins.Any(allowed => string.Equals(Normalize(allowed), normalized, StringComparison.Ordinal));
    }

    /// <summary>Whether a form post may be sent on to <paramref name="url"/>: an absolute http(s) URL on an allowed origin.</summary>
    public static bool AllowsRedirect(MailingList list, string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.UserInfo) && Allows(list, uri.GetLeftPart(UriPartial.Authority));

    /// <summary>scheme://host[:port], lower-case, default port dropped; null for anything else (including the opaque origin "null").</summary>
    private static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
