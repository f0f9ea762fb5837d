namespace EmailList.Core.Lists;

public enum ListTokenKind
{
    /// <summary>Confirms a pending sign-up; expires, single use (bound to the subscription's confirmation nonce).</summary>
    Confirm,

    /// <summary>Unsubscribes one contact from one list; never expires (RFC 8058 links are followed long after the mail).</summary>
    Unsubscribe,
}

/// <summary>What a signed list token says. <see cref="Nonce"/> and <see cref="ExpiresAt"/> only for Confirm.</summary>
public sealed record ListToken(ListTokenKind Kind, string TenantId, string ListId, string ContactId, string? Nonce, DateTimeOffset? ExpiresAt);

public enum ListTokenStatus
{
    Valid,

    /// <summary>Signed by us but past its expiry: the token is given back so the page can offer a new confirmation mail.</summary>
    Expired,

    /// <summary>Malformed, of the wrong kind, or not signed with our key.</summary>
    Invalid,
}
