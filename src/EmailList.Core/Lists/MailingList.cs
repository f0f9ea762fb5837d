namespace EmailList.Core.Lists;

/// <summary>A tenant's email list: who it is sent from, how sign-ups are confirmed, and where its public sign-up form posts.</summary>
public sealed record MailingList
{
    public required string TenantId { get; init; }

    /// <summary>"lst_" and 26 base32 characters.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The sender of the list's mail (confirmations and broadcasts), an identity verified in the tenant's SES.</summary>
    public required string From { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>On by default: a sign-up is Pending until the address confirms.</summary>
    public bool DoubleOptIn { get; init; } = true;

    /// <summary>The confirmation mail; null uses the built-in one. Its data has the contact's attributes and <c>confirm_url</c>.</summary>
    public MessageContent? Confirmation { get; init; }

    /// <summary>"pub_" and 26 base32 characters: POST /subscribe/{PublicKey}.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Origins (scheme://host[:port]) whose pages may post the sign-up form from a browser (CORS).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
