using EmailList.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace EmailList.Dispatcher.Webhooks;

/// <summary>
/// One claimed delivery, start to end: reads its webhook (a disabled or deleted one fails it without a request), signs
/// with the webhook's secrets (both during a rotation's grace), POSTs, records the attempt (2xx Succeeded; 410 Failed and
/// the webhook disabled; else Pending after a backoff until <see cref="WebhookLimits.RetryFor"/> has passed, then Failed),
/// and keeps the webhook's <see cref="Webhook.FailingSince"/> (disabling it after <see cref="WebhookLimits.FailingDisablesAfter"/>).
/// </summary>
public sealed class WebhookDeliverer(
    IWebhookStore webhooks,
    IWebhookDeliveryStore deliveries,
    WebhookTransport transport,
    IOptions<WebhookDeliveryOptions> options,
    WebhookDeliveryMetrics metrics,
    TimeProvider time,
    ILogger<WebhookDeliverer> logger)
{
    private const int UpdateAttempts = 5;

    /// <summary>Delivers once. Throws only when <paramref name="stoppingToken"/> is cancelled mid-attempt: nothing is recorded, and the lease returns the delivery.</summary>
    public async Task DeliverAsync(WebhookDeliveryClaim claim, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var delivery = claim.Delivery;
        var webhook = await webhooks.GetAsync(delivery.TenantId, delivery.WebhookId, stoppingToken);
        var now = time.GetUtcNow();
        if (webhook is null || !webhook.Enabled)
        {
            var why = webhook is null ? "the webhook was deleted"
                : webhook.DisabledReason is { } reason ? $"the webhook was disabled ({reason})" : "the webhook is disabled";
            await RecordAsync(claim, new WebhookAttempt(now, null, why + "; not sent", 0, WebhookDeliveryStatus.Failed, null), "skipped");
            return;
        }

        var signature = WebhookSigner.Sign(webhook.SigningSecrets(now), delivery.Id, now, delivery.Payload);
        var response = await transport.PostAsync(webhook.Url, delivery.Id, now, signature, delivery.Payload, stoppingToken);
        var at = time.GetUtcNow();
        WebhookAttempt attempt;
        string outcome;
        if (response.Succeeded)
        {
            attempt = new WebhookAttempt(now, response.StatusCode, null, response.DurationMs, WebhookDeliveryStatus.Succeeded, null);
            outcome = "succeeded";
            metrics.Delivered(at - delivery.CreatedAt);
        }
        else if (response.StatusCode == StatusCodes.Status410Gone)
        {
            attempt = new WebhookAttempt(now, response.StatusCode, response.Error + " (the endpoint is gone: webhook disabled)", response.DurationMs, WebhookDeliveryStatus.Failed, null);
            outcome = "failed";
        }
        else
        {
            var deadline = delivery.CreatedAt + WebhookLimits.RetryFor;
            var settings = options.Value;
            var next = at + WebhookBackoff.Next(delivery.Attempts + 1, settings.Backoff, settings.MaxBackoff, Random.Shared);
            // The last try is at the deadline itself; a failure then (or later, after a manual retry) gives up.
            attempt = at >= deadline
                ? new WebhookAttempt(now, response.StatusCode, response.Error, response.DurationMs, WebhookDeliveryStatus.Failed, null)
                : new WebhookAttempt(now, response.StatusCode, response.Error, response.DurationMs, WebhookDeliveryStatus.Pending, next < deadline ? next : deadline);
            outcome = attempt.Status == WebhookDeliveryStatus.Failed ? "failed" : "retry";
        }

        WebhookDeliveryLog.Attempted(logger, delivery.Id, delivery.WebhookId, delivery.TenantId, delivery.Attempts + 1, outcome, response.StatusCode, response.DurationMs);
        await RecordAsync(claim, attempt, outcome);
        await UpdateHealthAsync(webhook, response, at);
    }

    private async Task RecordAsync(WebhookDeliveryClaim claim, WebhookAttempt attempt, string outcome)
    {
        metrics.Attempted(outcome, attempt.DurationMs);
        // Recorded even while stopping: the request was made, and its outcome is worth more than a prompt stop.
        if (!await deliveries.RecordAttemptAsync(claim, attempt, CancellationToken.None))
        {
            metrics.LostClaim();
            WebhookDeliveryLog.LostClaim(logger, claim.Delivery.Id);
        }
    }

    private async Task UpdateHealthAsync(Webhook webhook, WebhookResponse response, DateTimeOffset at)
    {
        if (response.Succeeded ? webhook.FailingSince is null : webhook.FailingSince is { } since && at - since < WebhookLimits.FailingDisablesAfter && response.StatusCode != StatusCodes.Status410Gone)
        {
            return; // nothing changes: healthy and succeeding, or already failing and not for long enough
        }

        for (var i = 0; i < UpdateAttempts; i++)
        {
            var current = i == 0 ? webhook : await webhooks.GetAsync(webhook.TenantId, webhook.Id, CancellationToken.None);
            if (current is null || !current.Enabled)
            {
                return;
            }

            var changed = Change(current, response, at);
            if (changed is null || await webhooks.TryUpdateAsync(changed, CancellationToken.None))
            {
                if (changed?.DisabledReason is { } reason)
                {
                    metrics.Disabled(reason.ToString());
                    WebhookDeliveryLog.Disabled(logger, current.Id, current.TenantId, reason == WebhookDisabledReason.Gone
                        ? "the endpoint answered 410 Gone"
                        : $"every delivery failed since {current.FailingSince:O}");
                }

                return;
            }
        }
    }

    /// <summary>The webhook after this attempt; null when nothing changes.</summary>
    internal static Webhook? Change(Webhook webhook, WebhookResponse response, DateTimeOffset at)
    {
        if (response.Succeeded)
        {
            return webhook.FailingSince is null ? null : webhook with { FailingSince = null, UpdatedAt = at };
        }

        if (response.StatusCode == StatusCodes.Status410Gone)
        {
            return webhook with { Enabled = false, DisabledReason = WebhookDisabledReason.Gone, DisabledAt = at, FailingSince = webhook.FailingSince ?? at, UpdatedAt = at };
        }

        if (webhook.FailingSince is not { } since)
        {
            return webhook with { FailingSince = at, UpdatedAt = at };
        }

        return at - since >= WebhookLimits.FailingDisablesAfter
            ? webhook with { Enabled = false, DisabledReason = WebhookDisabledReason.Failing, DisabledAt = at, UpdatedAt = at }
            : null;
    }
}
