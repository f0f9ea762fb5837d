namespace EmailList.Dashboard.Api;

/// <summary>A webhook as GET /webhooks answers it; <see cref="Secret"/> only in the answer to create and rotate-secret.</summary>
public sealed record WebhookView(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Secret = null);
