namespace EmailList.Core.Webhooks;

/// <summary>
/// A tenant's webhook endpoint: where its events are POSTed, signed per the Standard Webhooks specification.
/// </summary>
public sealed record Webhook
{
    public required string TenantId { get; init; }

    /// <summary>"wh_" + <see cref="Identifiers.RandomId"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Absolute https URL (http only where the deployment allows private targets, e.g. the embedded default).</summary>
    public required Uri Url { get; init; }

    /// <summary>The <see cref="WebhookEventTypes"/> names it receives; never empty.</summary>
    public required IReadOnlyList<string> EventTypes { get; init; }

    public string? Description { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Why the platform disabled it, when it did; null when enabled or disabled by the tenant.</summary>
    public WebhookDisabledReason? DisabledReason { get; init; }

    /// <summary>When the platform disabled it (with <see cref="DisabledReason"/>); null otherwise.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>The current signing secret, "whsec_" + base64 (<see cref="WebhookSecret"/>).</summary>
    public required string Secret { get; init; }

    /// <summary>The secret before the last rotation, still used to sign (as a second signature) until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    /// <summary>When the current run of failed deliveries began; null after a success. Three days of failures disable the webhook.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Optimistic concurrency: <see cref="IWebhookStore.TryUpdateAsync"/> writes only over this version.</summary>
    public int Version { get; init; } = 1;

    public bool Wants(string eventType) => Enabled && EventTypes.Contains(eventType, StringComparer.Ordinal);

    /// <summary>The secrets to sign with at <paramref name="now"/>: the current one, and the previous one during its grace period.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];
}
