namespace EmailList.Core.Webhooks;

public enum WebhookDisabledReason
{
    /// <summary>The endpoint answered 410 Gone.</summary>
    Gone,

    /// <summary>Every delivery failed for <see cref="WebhookLimits.FailingDisablesAfter"/>.</summary>
    Failing,
}
