using EmailList.Core.Webhooks;
using EmailList.Testing;
using EmailList.Testing.Webhooks;

namespace EmailList.Dispatcher.Tests.Webhooks;

/// <summary>A dispatcher process killed (SIGKILL) while it holds webhook deliveries in flight; another takes over.</summary>
public sealed class WebhookCrashTests : IAsyncLifetime
{
    private const int Count = 10;
    private WebhookRig _rig = null!;

    public async Task InitializeAsync() => _rig = await WebhookRig.StartAsync(startDispatcher: false);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Deliveries_held_by_a_killed_dispatcher_are_delivered_by_another_after_the_lease()
    {
        var tenant = await _rig.CreateTenantAsync();
        var (id, secret) = await _rig.CreateWebhookAsync(tenant, _rig.Receiver.At("crash"));
        _rig.Receiver.Hang = path => path == "/crash";
        var queued = await _rig.EnqueueAsync(tenant, id, Count);

        await using var first = await DispatcherProcess.StartAsync(_rig.Configuration(), TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => { await Task.Yield(); return _rig.Receiver.Arrived >= Count; }, "every delivery in flight at the first dispatcher");
        await first.KillAsync(); // within the 5 s attempt timeout: nothing recorded, every claim still held
        _rig.Receiver.Hang = _ => false;
        var held = await _rig.LogAsync(tenant, id);
        Assert.All(held, d => Assert.Equal((WebhookDeliveryStatus.Pending, 0), (d.Status, d.Attempts)));

        await using var second = await DispatcherProcess.StartAsync(_rig.Configuration(), TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => (await _rig.LogAsync(tenant, id)).All(d => d.Status == WebhookDeliveryStatus.Succeeded),
            "every delivery succeeding through the second dispatcher", TimeSpan.FromSeconds(30));

        var delivered = _rig.Receiver.ReceivedAt("crash");
        Assert.Equal(queued.Select(d => d.Id).Order(), delivered.Select(r => r.Id).Order()); // each once, with 200
        Assert.All(await StandardWebhooksVerifier.VerifyAsync(delivered, secret), Assert.Null);
        Assert.All(await _rig.LogAsync(tenant, id), d => Assert.Equal(1, d.Attempts)); // the killed one's attempts were never recorded
    }
}
