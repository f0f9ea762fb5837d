namespace EmailList.Core.Webhooks;

/// <summary>The fixed rules of webhook delivery; they are the product's promise to tenants, so not configuration.</summary>
public static class WebhookLimits
{
    /// <summary>Webhooks per tenant.</summary>
    public const int MaxPerTenant = 20;

    public const int MaxUrlLength = 2048;

    public const int MaxDescriptionLength = 200;

    /// <summary>A delivery is retried (exponential backoff with jitter) until this long after it was created, then Failed.</summary>
    public static readonly TimeSpan RetryFor = TimeSpan.FromHours(24);

    /// <summary>Per attempt, connect to last byte.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A rotated-out secret still signs for this long.</summary>
    public static readonly TimeSpan PreviousSecretGrace = TimeSpan.FromHours(24);

    /// <summary>A webhook whose deliveries have all failed for this long is disabled.</summary>
    public static readonly TimeSpan FailingDisablesAfter = TimeSpan.FromDays(3);

    /// <summary>How long a delivery stays in the webhook's log (and the outbox) after it was created.</summary>
    public static readonly TimeSpan LogRetention = TimeSpan.FromDays(30);

    /// <summary>At most this much of an endpoint's response body is read (and a short prefix kept in the log).</summary>
    public const int MaxResponseBytes = 4096;
}
