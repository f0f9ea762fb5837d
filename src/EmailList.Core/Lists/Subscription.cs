namespace EmailList.Core.Lists;

/// <summary>One contact's membership of one list, with its consent record.</summary>
public sealed record Subscription
{
    public required string TenantId { get; init; }
    public required string ListId { get; init; }
    public required string ContactId { get; init; }

    /// <summary>The contact's normalized address, kept here so a list's subscribers can be read without the contacts.</summary>
    public required string Email { get; init; }

    public required SubscriptionStatus Status { get; init; }

    public required ConsentRecord Consent { get; init; }

    /// <summary>
    /// Set when a confirmation mail is sent, changed by each new one; a confirm token carries it, so only the latest
    /// token confirms and a token confirms once.
    /// </summary>
    public string? ConfirmationNonce { get; init; }

    /// <summary>The last confirmation mail, for "not more than once per N minutes".</summary>
    public DateTimeOffset? ConfirmationSentAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>Why it ended: "one-click", "page", "api", "complaint", "ses-subscription".</summary>
    public string? UnsubscribeReason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
