using EmailList.Core.Ses;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.Options;

namespace EmailList.Sandbox.Tests;

/// <summary>Event publishing configured from section "Sandbox:Events", as the standalone host does it.</summary>
public sealed class SandboxEventOptionsTests
{
    [Fact]
    public async Task A_target_configured_at_startup_receives_events_with_the_configured_header_and_attempts()
    {
        await using var receiver = await SesEventReceiver.StartAsync();
        receiver.FailNext(-1, 503);
        await using var sandbox = await SandboxFixture.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Sandbox:Events:TargetUrl"] = receiver.Url.AbsoluteUri,
            ["Sandbox:Events:HeaderName"] = "X-Configured-Key",
            ["Sandbox:Events:Secret"] = "configured-secret",
            ["Sandbox:Events:MaxAttempts"] = "2",
            ["Sandbox:Events:RetryBaseDelay"] = "00:00:00.010",
        });
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);

        var messageId = await SandboxClients.Ses(sandbox).SendEmailAsync(session, SandboxClients.Email(), CancellationToken.None);

        var published = await sandbox.Admin.WaitForEventDeliveryAsync(messageId);
        Assert.Equal(2, published.Count);
        Assert.All(published, e => Assert.Equal(("failed", 2, 503), (e.Status, e.Attempts, e.LastStatusCode)));
        var requests = receiver.Requests.Where(r => r.MessageId == messageId).ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal("configured-secret", r.Headers["X-Configured-Key"]));
    }

    [Theory]
    [InlineData("Sandbox:Events:TargetUrl", "relative/ses-events")]
    [InlineData("Sandbox:Events:TargetUrl", "ftp://127.0.0.1/ses-events")]
    [InlineData("Sandbox:Events:MaxAttempts", "0")]
    [InlineData("Sandbox:Events:HeaderName", "Bad Header")]
    [InlineData("Sandbox:Events:RetryBaseDelay", "00:05:00")]
    public async Task Invalid_event_settings_stop_the_sandbox_from_starting(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SandboxFixture.StartAsync(configuration: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key["Sandbox:".Length..], error.Message, StringComparison.Ordinal);
    }
}
