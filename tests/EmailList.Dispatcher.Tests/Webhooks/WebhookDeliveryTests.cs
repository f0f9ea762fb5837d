using System.Net;
using System.Text.Json;
using EmailList.Core.Webhooks;
using EmailList.Testing;
using EmailList.Testing.Webhooks;

namespace EmailList.Dispatcher.Tests.Webhooks;

/// <summary>
/// Deliveries from the outbox to real endpoints over HTTP, through the dispatcher as Program.cs builds it, every
/// signature checked with the standardwebhooks npm package.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private WebhookRig _rig = null!;

    public async Task InitializeAsync() => _rig = await WebhookRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Deliveries_arrive_signed_and_verify_with_an_independent_implementation()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, secret) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("signed"));
        var queued = await _rig.EnqueueAsync(tenant, id, 5);

        var received = await Eventually.ValueAsync(async () =>
        {
            await Task.Yield();
            var got = _rig.Receiver.ReceivedAt("signed");
            return (got.Count >= 5, got);
        }, "five deliveries");

        Assert.Equal(queued.Select(d => d.Id).Order(), received.Select(r => r.Id).Order());
        Assert.All(received, r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));
        Assert.Equal(queued.Select(d => d.Payload).Order(), received.Select(r => r.Payload).Order());
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(received, secret), Assert.Null);
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(received, WebhookSecret.New()), e => Assert.NotNull(e));

        await Eventually.TrueAsync(async () => (await _rig.LogAsync(tenant, id)).All(d => d.Status == WebhookDeliveryStatus.Succeeded),
            "every delivery logged as succeeded");
        var log = await _rig.LogAsync(tenant, id);
        Assert.All(log, d => Assert.Equal((1, 200), (d.Attempts, d.LastStatusCode!.Value)));
    }

    [Fact]
    public async Task An_endpoint_down_then_up_gets_every_event_once_after_retries()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, secret) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("flaky"));
        var up = false;
        _rig.Receiver.Respond = request => up ? 200 : 503;
        var queued = await _rig.EnqueueAsync(tenant, id, 30);

        await Eventually.TrueAsync(async () =>
        {
            await Task.Yield();
            return _rig.Receiver.ReceivedAt("flaky").Select(r => r.Id).Distinct().Count() == 30;
        }, "a first (failed) attempt at every delivery");
        var failing = await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None);
        Assert.NotNull(failing!.FailingSince);
        Assert.True(failing.Enabled);
        up = true;

        await Eventually.TrueAsync(async () => (await _rig.LogAsync(tenant, id)).All(d => d.Status == WebhookDeliveryStatus.Succeeded),
            "every delivery succeeding after the endpoint came back", TimeSpan.FromSeconds(20));
        var succeeded = _rig.Receiver.ReceivedAt("flaky").Where(r => r.AnsweredStatus == 200).ToList();
        Assert.Equal(queued.Select(d => d.Id).Order(), succeeded.Select(r => r.Id).Order()); // nothing lost, none twice
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(succeeded, secret), Assert.Null);
        Assert.All(await _rig.LogAsync(tenant, id), d => Assert.True(d.Attempts >= 2, $"{d.Id} was attempted {d.Attempts} times"));
        Assert.Null((await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!.FailingSince);
    }

    [Fact]
    public async Task An_endpoint_answering_410_is_disabled_and_later_deliveries_fail_without_a_request()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, _) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("gone"));
        _rig.Receiver.Respond = request => request.Path == "/gone" ? 410 : 200;
        await _rig.EnqueueAsync(tenant, id, 1);

        await Eventually.TrueAsync(async () => (await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!.DisabledReason == WebhookDisabledReason.Gone,
            "the webhook disabled as Gone");
        var arrived = _rig.Receiver.ReceivedAt("gone").Count;
        var later = await _rig.EnqueueAsync(tenant, id, 3);
        await Eventually.TrueAsync(async () => (await _rig.LogAsync(tenant, id)).All(d => d.Status == WebhookDeliveryStatus.Failed),
            "every delivery failed");

        Assert.Equal(arrived, _rig.Receiver.ReceivedAt("gone").Count);
        var log = await _rig.LogAsync(tenant, id);
        Assert.All(log.Where(d => later.Any(l => l.Id == d.Id)), d => Assert.Contains("disabled (Gone)", d.LastError, StringComparison.Ordinal));

        using var client = _rig.Client(tenant, "tenant:admin");
        using var state = JsonDocument.Parse(await client.GetStringAsync("/tenant"));
        var notice = Assert.Single(state.RootElement.GetProperty("disabledWebhooks").EnumerateArray());
        Assert.Equal((id, "Gone"), (notice.GetProperty("id").GetString(), notice.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task One_tenants_events_never_reach_another_tenants_endpoint()
    {
        var tenantA = await _rig.CreateTenantAsync();
        var tenantB = await _rig.CreateTenantAsync();
        var (idA, secretA) = await _rig.CreateWebhookAsync(tenantA, _rig.Receiver.At("tenant-a"));
        var (idB, secretB) = await _rig.CreateWebhookAsync(tenantB, _rig.Receiver.At("tenant-b"));
        var queuedA = await _rig.EnqueueAsync(tenantA, idA, 10);
        var queuedB = await _rig.EnqueueAsync(tenantB, idB, 4);

        await Eventually.TrueAsync(async () =>
        {
            await Task.Yield();
            return _rig.Receiver.ReceivedAt("tenant-a").Count >= 10 && _rig.Receiver.ReceivedAt("tenant-b").Count >= 4;
        }, "both tenants' deliveries");

        var atB = _rig.Receiver.ReceivedAt("tenant-b");
        Assert.Equal(queuedB.Select(d => d.Id).Order(), atB.Select(r => r.Id).Order());
        Assert.DoesNotContain(atB, r => r.Payload.Contains(tenantA, StringComparison.Ordinal));
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(atB, secretB), Assert.Null);
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(_rig.Receiver.ReceivedAt("tenant-a"), secretA), Assert.Null);
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(atB, secretA), e => Assert.NotNull(e));
        Assert.Equal(queuedA.Count, _rig.Receiver.ReceivedAt("tenant-a").Count);
    }

    [Fact]
    public async Task A_hanging_endpoint_does_not_hold_back_another_webhooks_deliveries()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (slow, _) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("slow"));
        var (fast, _) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("fast"));
        _rig.Receiver.Hang = path => path == "/slow";
        await _rig.EnqueueAsync(tenant, slow, 200);
        await Eventually.TrueAsync(async () => { await Task.Yield(); return _rig.Receiver.Arrived >= 16; }, "the slow endpoint's slots filling");

        var started = DateTimeOffset.UtcNow;
        await _rig.EnqueueAsync(tenant, fast, 20);
        await Eventually.TrueAsync(async () => { await Task.Yield(); return _rig.Receiver.ReceivedAt("fast").Count == 20; },
            "the other webhook's deliveries", TimeSpan.FromSeconds(4));
        Assert.True(DateTimeOffset.UtcNow - started < WebhookLimits.AttemptTimeout, "the fast endpoint waited for the slow one's timeouts");
        _rig.Receiver.Hang = _ => false;
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, _) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("moved"));
        _rig.Receiver.Respond = request => request.Path == "/moved" ? 307 : 200;
        await _rig.EnqueueAsync(tenant, id, 1);

        var delivery = await Eventually.ValueAsync(async () =>
        {
            var log = await _rig.LogAsync(tenant, id);
            return (log.Count == 1 && log[0].Attempts >= 1, log.SingleOrDefault());
        }, "the first attempt");

        Assert.Equal(WebhookDeliveryStatus.Pending, delivery!.Status);
        Assert.Equal(307, delivery.LastStatusCode);
        Assert.Contains("redirects are not followed", delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_allowed_when_saved_is_refused_at_connect_time_where_private_targets_are_not_allowed()
    {
        // As if DNS changed after the check at save time (rebinding): the dispatcher checks the address it dials.
        await using var strict = await WebhookRig.StartAsync(startDispatcher: false);
        await strict.StartDispatcherAsync(allowPrivateTargets: false);
        var tenant = await strict.CreateTenantAsync();
        var (id, _) = await strict.CreateWebhookAsync(tenant, new Uri($"http://localhost:{strict.Receiver.Url.Port}/rebound"));
        await strict.EnqueueAsync(tenant, id, 1);

        var delivery = await Eventually.ValueAsync(async () =>
        {
            var log = await strict.LogAsync(tenant, id);
            return (log.Count == 1 && log[0].Attempts >= 1, log.SingleOrDefault());
        }, "the first attempt");

        Assert.Null(delivery!.LastStatusCode);
        Assert.Contains("not a public address", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(0, strict.Receiver.Arrived);
    }

    [Fact]
    public async Task A_test_event_is_delivered_and_logged_with_its_response()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, secret) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("ping"));
        using var client = _rig.Client(tenant);
        using var queued = await client.PostAsync($"/webhooks/{id}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var deliveryId = JsonDocument.Parse(await queued.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var detail = await Eventually.ValueAsync(async () =>
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"/webhooks/{id}/deliveries/{deliveryId}"));
            return (json.RootElement.GetProperty("status").GetString() == "succeeded", json.RootElement.Clone());
        }, "the test delivery succeeding");

        var received = Assert.Single(_rig.Receiver.ReceivedAt("ping"));
        Assert.Equal(deliveryId, received.Id);
        Assert.Equal("webhook.test", JsonDocument.Parse(received.Payload).RootElement.GetProperty("type").GetString());
        Assert.Equal(200, detail.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("webhook.test", detail.GetProperty("payload").GetProperty("type").GetString());
        Assert.All(await StandardWebhooksVerifier.VerifyAsync([received], secret), Assert.Null);
    }
}
