using EmailList.Core.Webhooks;

namespace EmailList.QueryApi.Tenants;

/// <summary>A webhook the platform disabled, as GET /tenant reports it, so a tenant learns that its events stopped arriving.</summary>
/// <param name="Reason">Gone (the endpoint answered 410) or Failing (every delivery failed for 3 days).</param>
/// <param name="Since">When it was disabled.</param>
/// <param name="FailingSince">When the run of failures that disabled it began (Failing only).</param>
/// <param name="Detail">What happened and what to do.</param>
public sealed record DisabledWebhookNotice(string Id, string Url, string Reason, DateTimeOffset Since, DateTimeOffset? FailingSince, string Detail)
{
    public static IReadOnlyList<DisabledWebhookNotice> From(IEnumerable<Webhook> webhooks) =>
        [.. webhooks.Where(w => !w.Enabled && w.DisabledReason is not null).Select(w => new DisabledWebhookNotice(
            w.Id,
            w.Url.AbsoluteUri,
            w.DisabledReason!.Value.ToString(),
            w.DisabledAt ?? w.UpdatedAt,
            w.FailingSince,
            (w.DisabledReason == WebhookDisabledReason.Gone
                ? "The endpoint answered 410 Gone, so no more events are sent to it."
                : $"Every delivery failed for {WebhookLimits.FailingDisablesAfter.TotalDays:0} days, so no more events are sent to it.")
            + $" Fix the endpoint, then PATCH /webhooks/{w.Id} with {{\"enabled\":true}}; GET /webhooks/{w.Id}/deliveries shows what failed."))];
}
