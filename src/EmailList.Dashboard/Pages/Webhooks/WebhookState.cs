using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Webhooks;

/// <summary>How a webhook's state reads: enabled, disabled by the tenant, or disabled by the platform and why.</summary>
public static class WebhookState
{
    public static string Tone(WebhookView webhook) => webhook.Enabled ? (webhook.FailingSince is null ? "good" : "warn") : "bad";

    public static string Label(WebhookView webhook) => webhook.Enabled ? (webhook.FailingSince is null ? "Enabled" : "Enabled, failing") : "Disabled";

    /// <summary>Why it is disabled or failing, in words; null when all is well.</summary>
    public static string? Reason(WebhookView webhook) => (webhook.Enabled, webhook.DisabledReason) switch
    {
        (false, "Gone") => $"Disabled by the platform on {Formats.Time(webhook.DisabledAt)}: the endpoint answered 410 Gone.",
        (false, "Failing") => $"Disabled by the platform on {Formats.Time(webhook.DisabledAt)}: every delivery failed for days. Fix the endpoint, then enable it.",
        (false, _) => "Disabled: no events are sent to it.",
        (true, _) when webhook.FailingSince is { } since => $"Deliveries have failed since {Formats.Time(since)}; it is disabled if they keep failing.",
        _ => null,
    };

    public static string DeliveryTone(string status) => status switch
    {
        "succeeded" => "good",
        "pending" => "warn",
        _ => "bad",
    };
}
