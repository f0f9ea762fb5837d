using System.Diagnostics.Metrics;
using System.Text.Json;
using EmailList.Core.Webhooks;
using EmailList.Dispatcher.Webhooks;
using EmailList.Testing.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Dispatcher.Tests.Webhooks;

/// <summary>
/// What takes days (a failing endpoint disabled, a rotated secret's grace running out), on a fake clock: the real
/// deliverer, stores and HTTP, with time moved by the test.
/// </summary>
public sealed class WebhookClockTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private WebhookRig _rig = null!;
    private WebhookTransport _transport = null!;
    private WebhookDeliverer _deliverer = null!;

    public async Task InitializeAsync()
    {
        _rig = await WebhookRig.StartAsync(startDispatcher: false);
        _transport = new WebhookTransport(new WebhookTargetGuard(Options.Create(new WebhookTargetOptions { AllowPrivateTargets = true })));
        _deliverer = new WebhookDeliverer(_rig.Webhooks, _rig.Deliveries, _transport,
            Options.Create(new WebhookDeliveryOptions()), new WebhookDeliveryMetrics(new NoMeterFactory()), _time, NullLogger<WebhookDeliverer>.Instance);
    }

    public async Task DisposeAsync()
    {
        _transport.Dispose();
        await _rig.DisposeAsync();
    }

    [Fact]
    public async Task An_endpoint_failing_for_three_days_is_disabled_and_the_tenant_answer_says_so()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, _) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("down"));
        _rig.Receiver.Respond = _ => 500;
        var started = _time.GetUtcNow();

        await _rig.EnqueueAsync(tenant, id, 1, started);
        await DeliverDueAsync();
        Assert.Equal(started, (await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!.FailingSince);

        // A day later the first delivery gives up; the webhook stays on until three days of nothing but failures.
        _time.Advance(WebhookLimits.RetryFor);
        await DeliverDueAsync();
        var afterADay = (await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!;
        Assert.True(afterADay.Enabled);
        Assert.All(await _rig.LogAsync(tenant, id), d => Assert.Equal(WebhookDeliveryStatus.Failed, d.Status));

        _time.Advance(WebhookLimits.FailingDisablesAfter - WebhookLimits.RetryFor);
        await _rig.EnqueueAsync(tenant, id, 1, _time.GetUtcNow());
        await DeliverDueAsync();

        var disabled = (await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!;
        Assert.Equal((false, WebhookDisabledReason.Failing, started), (disabled.Enabled, disabled.DisabledReason, disabled.FailingSince));
        using var client = _rig.Client(tenant, "tenant:admin");
        using var answer = JsonDocument.Parse(await client.GetStringAsync("/tenant"));
        var notice = Assert.Single(answer.RootElement.GetProperty("disabledWebhooks").EnumerateArray());
        Assert.Equal((id, "Failing"), (notice.GetProperty("id").GetString(), notice.GetProperty("reason").GetString()));
        Assert.Equal(started, notice.GetProperty("failingSince").GetDateTimeOffset());
        Assert.Equal(_time.GetUtcNow(), notice.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(_time.GetUtcNow(), disabled.DisabledAt);
        Assert.Contains("3 days", notice.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_ends_a_failing_run_so_intermittent_failures_never_disable()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, _) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("bumpy"));
        for (var day = 0; day < 4; day++)
        {
            _rig.Receiver.Respond = _ => 502;
            await _rig.EnqueueAsync(tenant, id, 1, _time.GetUtcNow());
            await DeliverDueAsync();
            Assert.NotNull((await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!.FailingSince);
            _rig.Receiver.Respond = _ => 200;
            _time.Advance(TimeSpan.FromHours(20));
            await DeliverDueAsync();
            Assert.Null((await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!.FailingSince);
        }

        Assert.True((await _rig.Webhooks.GetAsync(tenant, id, CancellationToken.None))!.Enabled);
    }

    [Fact]
    public async Task During_the_rotation_grace_both_secrets_verify_and_after_it_only_the_new_one()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, oldSecret) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("rotating"));
        using var client = _rig.Client(tenant);
        using var rotated = await client.PostAsync($"/webhooks/{id}/rotate-secret", null);
        var newSecret = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;

        _time.SetUtcNow(DateTimeOffset.UtcNow); // the API rotated on the real clock
        await _rig.EnqueueAsync(tenant, id, 1, _time.GetUtcNow());
        await DeliverDueAsync();
        var inGrace = Assert.Single(_rig.Receiver.ReceivedAt("rotating"));
        Assert.Equal(2, inGrace.Signature.Split(' ').Length);
        Assert.All(await StandardWebhooksVerifier.VerifyAsync([inGrace], oldSecret), Assert.Null);
        Assert.All(await StandardWebhooksVerifier.VerifyAsync([inGrace], newSecret), Assert.Null);

        _time.Advance(WebhookLimits.PreviousSecretGrace + TimeSpan.FromMinutes(1));
        await _rig.EnqueueAsync(tenant, id, 1, _time.GetUtcNow());
        await DeliverDueAsync();
        var after = _rig.Receiver.ReceivedAt("rotating").Single(r => r.Id != inGrace.Id);
        Assert.Single(after.Signature.Split(' '));
        Assert.All(await StandardWebhooksVerifier.VerifyAsync([after], newSecret, ignoreTimestamp: true), Assert.Null);
        Assert.All(await StandardWebhooksVerifier.VerifyAsync([after], oldSecret, ignoreTimestamp: true), e => Assert.NotNull(e));
    }

    private async Task DeliverDueAsync()
    {
        var claims = await _rig.Deliveries.ClaimDueAsync(_time.GetUtcNow(), 100, 100, "clock-test", TimeSpan.FromMinutes(1), CancellationToken.None);
        foreach (var claim in claims)
        {
            await _deliverer.DeliverAsync(claim, CancellationToken.None);
        }
    }

    private sealed class NoMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
