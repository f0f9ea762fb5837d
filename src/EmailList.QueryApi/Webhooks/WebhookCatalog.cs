using System.Text;
using System.Text.Json;
using EmailList.Core.Identifiers;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.QueryApi.Webhooks;

/// <summary>
/// A tenant's webhooks: checks what a caller asks for (the URL's form and, in production, where it resolves; known event
/// types), writes through <see cref="IWebhookStore"/> with optimistic concurrency, rotates secrets, and queues test
/// deliveries and retries in the outbox the dispatcher delivers from.
/// </summary>
internal sealed class WebhookCatalog(
    IWebhookStore store, IWebhookDeliveryStore deliveries, WebhookTargetGuard guard, ITenantChangePublisher changes, TimeProvider time)
{
    private const int UpdateAttempts = 5;

    public async Task<Results<Created<WebhookResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string tenantId, CreateWebhookRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var url = await CheckUrlAsync(request.Url, errors, cancellationToken);
        var eventTypes = CheckEventTypes(request.EventTypes, required: true, errors);
        var description = CheckDescription(request.Description, errors);
        if (errors.Any)
        {
            return errors.ToProblem("The webhook is not valid");
        }

        var existing = await store.ListAsync(tenantId, cancellationToken);
        if (existing.Count >= WebhookLimits.MaxPerTenant)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Too many webhooks",
                $"A tenant has at most {WebhookLimits.MaxPerTenant} webhooks; delete one (DELETE /webhooks/{{id}}) or subscribe an existing one to more event types.");
        }

        var now = time.GetUtcNow();
        var webhook = new Webhook
        {
            TenantId = tenantId,
            Id = RandomId.New("wh_"),
            Url = url!,
            EventTypes = eventTypes!,
            Description = string.IsNullOrEmpty(description) ? null : description,
            Enabled = request.Enabled ?? true,
            Secret = WebhookSecret.New(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.AddAsync(webhook, cancellationToken);
        await AnnounceAsync(tenantId);
        return TypedResults.Created($"/webhooks/{webhook.Id}", WebhookResponse.From(webhook, now, withSecret: true));
    }

    public async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string tenantId, string id, UpdateWebhookRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var url = request.Url is null ? null : await CheckUrlAsync(request.Url, errors, cancellationToken);
        var eventTypes = request.EventTypes is null ? null : CheckEventTypes(request.EventTypes, required: true, errors);
        var description = CheckDescription(request.Description, errors);
        if (errors.Any)
        {
            return errors.ToProblem("The webhook change is not valid");
        }

        return await ChangeAsync(tenantId, id, (webhook, now) =>
        {
            var enabled = request.Enabled ?? webhook.Enabled;
            var reenabled = enabled && !webhook.Enabled;
            return webhook with
            {
                Url = url ?? webhook.Url,
                EventTypes = eventTypes ?? webhook.EventTypes,
                Description = description is null ? webhook.Description : description.Length == 0 ? null : description,
                Enabled = enabled,
                // Turned on again: a fresh start, whatever the platform had seen before.
                DisabledReason = enabled ? null : webhook.DisabledReason,
                DisabledAt = enabled ? null : webhook.DisabledAt,
                FailingSince = reenabled ? null : webhook.FailingSince,
                UpdatedAt = now,
            };
        }, withSecret: false, cancellationToken);
    }

    public Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> RotateSecretAsync(
        string tenantId, string id, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, (webhook, now) => webhook with
        {
            PreviousSecret = webhook.Secret,
            PreviousSecretExpiresAt = now + WebhookLimits.PreviousSecretGrace,
            Secret = WebhookSecret.New(),
            UpdatedAt = now,
        }, withSecret: true, cancellationToken);

    /// <summary>Queues a <c>webhook.test</c> delivery; null when there is no such webhook.</summary>
    public async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> TestAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var webhook = await store.GetAsync(tenantId, id, cancellationToken);
        if (webhook is null)
        {
            return WebhookProblems.NotFound(id);
        }

        if (!webhook.Enabled)
        {
            return WebhookProblems.Disabled(webhook, "test it");
        }

        var now = time.GetUtcNow();
        var eventId = RandomId.New("test_");
        var delivery = new WebhookDelivery
        {
            TenantId = tenantId,
            Id = TenantWebhooks.DeliveryId(webhook.Id, eventId),
            WebhookId = webhook.Id,
            EventType = WebhookEventTypes.Test,
            EventId = eventId,
            Payload = TestPayload(webhook.Id, eventId, now),
            CreatedAt = now,
            NextAttemptAt = now,
            ExpiresAt = now + WebhookLimits.LogRetention,
        };
        await deliveries.AddManyAsync([delivery], cancellationToken);
        return TypedResults.Accepted($"/webhooks/{webhook.Id}/deliveries/{delivery.Id}", WebhookDeliveryResponse.From(delivery));
    }

    public async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> RetryAsync(
        string tenantId, string id, string deliveryId, CancellationToken cancellationToken)
    {
        var webhook = await store.GetAsync(tenantId, id, cancellationToken);
        if (webhook is null)
        {
            return WebhookProblems.NotFound(id);
        }

        if (!webhook.Enabled)
        {
            return WebhookProblems.Disabled(webhook, "retry its deliveries");
        }

        var delivery = await deliveries.GetAsync(tenantId, deliveryId, cancellationToken);
        if (delivery is null || delivery.WebhookId != webhook.Id || !await deliveries.RetryAsync(tenantId, deliveryId, time.GetUtcNow(), cancellationToken))
        {
            return WebhookProblems.DeliveryNotFound(id, deliveryId);
        }

        var retried = await deliveries.GetAsync(tenantId, deliveryId, cancellationToken) ?? delivery;
        return TypedResults.Accepted($"/webhooks/{webhook.Id}/deliveries/{deliveryId}", WebhookDeliveryResponse.From(retried));
    }

    /// <summary>The Standard Webhooks body of a test event: type, timestamp, data.</summary>
    internal static string TestPayload(string webhookId, string eventId, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", WebhookEventTypes.Test);
            json.WriteString("timestamp", WebhookPayload.Timestamp(now));
            json.WriteStartObject("data");
            json.WriteString("id", eventId);
            json.WriteString("webhookId", webhookId);
            json.WriteString("message", "A test event from EmailList: this endpoint receives and verifies our webhooks.");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string tenantId, string id, Func<Webhook, DateTimeOffset, Webhook> change, bool withSecret, CancellationToken cancellationToken)
    {
        // Read, change, write if nobody else wrote in between (the dispatcher records failures on the same row), else again.
        for (var attempt = 0; attempt < UpdateAttempts; attempt++)
        {
            var webhook = await store.GetAsync(tenantId, id, cancellationToken);
            if (webhook is null)
            {
                return WebhookProblems.NotFound(id);
            }

            var now = time.GetUtcNow();
            var changed = change(webhook, now);
            if (await store.TryUpdateAsync(changed, cancellationToken))
            {
                await AnnounceAsync(tenantId);
                return TypedResults.Ok(WebhookResponse.From(changed with { Version = webhook.Version + 1 }, now, withSecret));
            }
        }

        return Problems.Create(StatusCodes.Status409Conflict, "Webhook busy",
            $"The webhook '{id}' kept changing while this request tried to change it; send the request again.");
    }

    /// <summary>Deletes the webhook; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenantId, id, cancellationToken))
        {
            return false;
        }

        await AnnounceAsync(tenantId);
        return true;
    }

    // The ingesters cache a tenant's webhooks (TenantWebhooks); a tenant change makes every instance read them again now.
    private Task AnnounceAsync(string tenantId) => changes.PublishAsync(tenantId, CancellationToken.None);

    private async Task<Uri?> CheckUrlAsync(string? text, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var url = WebhookTargetRules.Parse(text, guard.AllowPrivateTargets, out var error);
        if (url is null)
        {
            errors.Add("url", error!);
            return null;
        }

        if (await guard.RefusalAsync(url, cancellationToken) is { } refusal)
        {
            errors.Add("url", refusal);
            return null;
        }

        return url;
    }

    private static List<string>? CheckEventTypes(IReadOnlyList<string>? eventTypes, bool required, ValidationErrors errors)
    {
        var valid = string.Join(", ", WebhookEventTypes.All);
        if (eventTypes is null || eventTypes.Count == 0)
        {
            if (required)
            {
                errors.Add("eventTypes", $"Give at least one event type to receive, from: {valid}.");
            }

            return null;
        }

        var unknown = eventTypes.Where(t => t is null || !WebhookEventTypes.IsKnown(t)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("eventTypes", $"Unknown event type(s): {string.Join(", ", unknown.Select(u => u is null ? "null" : $"'{Shorten(u)}'"))}. Valid: {valid}.");
            return null;
        }

        return eventTypes.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? CheckDescription(string? description, ValidationErrors errors)
    {
        if (description is null)
        {
            return null;
        }

        description = description.Trim();
        if (description.Length > WebhookLimits.MaxDescriptionLength || description.Any(char.IsControl))
        {
            errors.Add("description", $"A description is at most {WebhookLimits.MaxDescriptionLength} characters, without control characters.");
        }

        return description;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
