namespace EmailList.SendApi.Lists;

/// <summary>
/// An origin a browser may post a list's sign-up form from, as the browser writes it in its Origin header: https
/// (http only for localhost), a host and maybe a port, nothing else.
/// </summary>
internal static class AllowedOrigin
{
    /// <summary>The origin in its canonical form (lower case, default port left out), or null with why not.</summary>
    public static string? Normalize(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > ListLimits.MaxOriginLength)
        {
            error = $"An origin is scheme://host[:port], e.g. \"https://www.acme.com\", at most {ListLimits.MaxOriginLength} characters.";
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown || string.IsNullOrEmpty(uri.Host))
        {
            error = $"'{value}' is not an origin such as \"https://www.acme.com\".";
            return null;
        }

        var local = uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && local))
        {
            error = $"'{value}': an origin is https; http only for localhost while developing.";
            return null;
        }

        var authorityEnd = value.IndexOf("//", StringComparison.Ordinal) is var slashes and >= 0
            ? value.IndexOfAny(['/', '?', '#'], slashes + 2)
            : -1;
        if (authorityEnd >= 0 || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = $"'{value}': an origin has no path, query, fragment or user name, not even a trailing '/'; write \"{uri.GetLeftPart(UriPartial.Authority)}\", as the browser sends it.";
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
