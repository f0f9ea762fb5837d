using System.Text.Json.Serialization;
using EmailList.Core.Webhooks;

namespace EmailList.QueryApi.Webhooks;

/// <param name="Secret">The signing secret: only in the answer to create and rotate-secret, never again.</param>
/// <param name="DisabledReason">Gone (the endpoint answered 410) or Failing (every delivery failed for 3 days) when the platform disabled it.</param>
/// <param name="DisabledAt">When the platform disabled it.</param>
/// <param name="FailingSince">When the current run of failed deliveries began.</param>
/// <param name="PreviousSecretExpiresAt">Until when the secret before the last rotation still signs (as a second signature).</param>
internal sealed record WebhookResponse(
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    public static WebhookResponse From(Webhook webhook, DateTimeOffset now, bool withSecret = false)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return new(webhook.Id, webhook.Url.AbsoluteUri, webhook.EventTypes, webhook.Description, webhook.Enabled,
            webhook.DisabledReason?.ToString(), webhook.DisabledReason is null ? null : webhook.UpdatedAt, webhook.FailingSince,
            webhook.PreviousSecretExpiresAt > now ? webhook.PreviousSecretExpiresAt : null,
            webhook.CreatedAt, webhook.UpdatedAt, withSecret ? webhook.Secret : null);
    }
}
