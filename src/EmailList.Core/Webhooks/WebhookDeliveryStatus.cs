namespace EmailList.Core.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet: due at NextAttemptAt (claimed by a dispatcher while its lease runs).</summary>
    Pending,

    /// <summary>The endpoint answered 2xx.</summary>
    Succeeded,

    /// <summary>Given up: retried for <see cref="WebhookLimits.RetryFor"/>, or the webhook was disabled or deleted.</summary>
    Failed,
}
