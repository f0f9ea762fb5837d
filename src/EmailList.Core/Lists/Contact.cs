namespace EmailList.Core.Lists;

/// <summary>A person on a tenant's lists: one per normalized address per tenant.</summary>
public sealed record Contact
{
    public required string TenantId { get; init; }

    /// <summary>"ct_" and 26 base32 characters.</summary>
    public required string Id { get; init; }

    /// <summary>Normalized as the suppression list keys it (<see cref="Suppression.EmailAddressNormalizer"/>).</summary>
    public required string Email { get; init; }

    /// <summary>A JSON object; the data a template is rendered with (beside <c>email</c> and <c>unsubscribe_url</c>).</summary>
    public string Attributes { get; init; } = "{}";

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
