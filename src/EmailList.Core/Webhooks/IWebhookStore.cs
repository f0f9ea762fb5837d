namespace EmailList.Core.Webhooks;

/// <summary>A tenant's webhook endpoints. Every call is scoped to one tenant.</summary>
public interface IWebhookStore
{
    /// <summary>Stores a new webhook. Ids are unique: adding an existing id throws.</summary>
    Task AddAsync(Webhook webhook, CancellationToken cancellationToken);

    Task<Webhook?> GetAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>All the tenant's webhooks (at most <see cref="WebhookLimits.MaxPerTenant"/>), oldest first.</summary>
    Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Writes the webhook if it is still at <see cref="Webhook.Version"/>, as Version + 1; false when it changed or is gone.</summary>
    Task<bool> TryUpdateAsync(Webhook webhook, CancellationToken cancellationToken);

    /// <summary>False when there was none.</summary>
    Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken);
}
