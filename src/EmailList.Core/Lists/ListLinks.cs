namespace EmailList.Core.Lists;

/// <summary>The public links of a list, under <see cref="ListOptions.PublicBaseUrl"/> (which may carry a path of its own).</summary>
public static class ListLinks
{
    public static Uri Confirm(ListOptions options, string token) => Under(options, "confirm/" + token);

    public static Uri Unsubscribe(ListOptions options, string token) => Under(options, "unsubscribe/" + token);

    public static Uri Subscribe(ListOptions options, string publicKey) => Under(options, "subscribe/" + publicKey);

    // Tokens and public keys are base64url and base32: nothing in them needs escaping.
    private static Uri Under(ListOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.PublicBaseUrl ?? throw new InvalidOperationException("Lists:PublicBaseUrl is not set.");
        return new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path);
    }
}
