using Microsoft.Extensions.Options;

namespace EmailList.Core.Lists;

/// <summary>
/// The unsubscribe headers of a list's mail (RFC 2369 List-Unsubscribe, RFC 8058 one-click), as Gmail and Yahoo
/// require of bulk mail: <c>List-Unsubscribe: &lt;https://…/unsubscribe/{token}&gt;, &lt;mailto:…&gt;</c> and
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>. The HTTPS URL comes first: RFC 2369 lists the preferred
/// method first, and RFC 8058 needs an HTTPS URI in the header for one-click.
/// </summary>
public sealed class ListUnsubscribeHeaders(ListTokenSigner signer, IOptions<ListOptions> options)
{
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";

    /// <summary>The body a one-click POST carries (RFC 8058 section 3.1).</summary>
    public const string OneClickBody = "List-Unsubscribe=One-Click";

    /// <summary>The link a broadcast's <c>unsubscribe_url</c> holds: the page of GET /unsubscribe/{token}.</summary>
    public Uri UnsubscribeUrl(string tenantId, string listId, string contactId) =>
        ListLinks.Unsubscribe(options.Value, signer.CreateUnsubscribe(tenantId, listId, contactId));

    /// <summary>The two header pairs for the contact's mail from the list; the mailto part only with <see cref="ListOptions.UnsubscribeMailto"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> For(string tenantId, string listId, string contactId)
    {
        var token = signer.CreateUnsubscribe(tenantId, listId, contactId);
        var value = "<" + ListLinks.Unsubscribe(options.Value, token).AbsoluteUri + ">";
        if (options.Value.UnsubscribeMailto is { Length: > 0 } mailto)
        {
            // The token in the subject lets whoever reads that mailbox find the subscription without guessing.
            value += ", <mailto:" + mailto + "?subject=unsubscribe%20" + token + ">";
        }

        return [new(ListUnsubscribe, value), new(ListUnsubscribePost, OneClickBody)];
    }
}
