using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EmailList.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.AppHost.Tests;

/// <summary>Owns its AppHost, so stopping Redis disturbs no other test.</summary>
[Collection(AppHostGroup.Name)]
public sealed class RedisOutageTests(DistributedApp app) : IClassFixture<DistributedApp>
{
    [Fact]
    public async Task When_the_AppHost_stops_Redis_mid_run_sends_go_on_and_the_send_API_reports_degraded()
    {
        var (tenantId, accountId) = await app.OnboardTenantAsync();
        using var sender = app.Client("send-api", app.TenantToken(tenantId, "mail:send"));
        using var anonymous = app.Client("send-api");
        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsJsonAsync("/mail", Mail())).StatusCode);
        await Eventually.ValueAsync(
            async () =>
            {
                var status = Status(await anonymous.GetStringAsync("/health"));
                return (status == "Healthy", status);
            },
            "the send API reporting Healthy with Redis up");

        var stopped = await app.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("redis", KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, stopped.Message);
        await app.App.ResourceNotifications.WaitForResourceAsync("redis", [KnownResourceStates.Exited, KnownResourceStates.Finished]);

        for (var i = 0; i < 3; i++)
        {
            var response = await sender.PostAsJsonAsync("/mail", Mail());
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var health = await Eventually.ValueAsync(
            async () =>
            {
                var response = await anonymous.GetAsync("/health");
                var body = await response.Content.ReadAsStringAsync();
                return (response.StatusCode == HttpStatusCode.OK && Status(body) == "Degraded", body);
            },
            "the send API's /health answering 200 Degraded while Redis is stopped");
        Assert.Contains("redis", health, StringComparison.Ordinal);
        using var sandbox = app.Client("sandbox");
        var outbox = await sandbox.GetFromJsonAsync<System.Text.Json.JsonElement>($"/_sandbox/outbox?accountId={accountId}");
        Assert.Equal(4, outbox.GetArrayLength());
    }

    private static string Status(string health) =>
        System.Text.Json.JsonDocument.Parse(health).RootElement.GetProperty("status").GetString()!;

    private static object Mail() =>
        new { from = "hello@acme.example", to = new[] { "success@simulator.amazonses.com" }, subject = "Hi from Acme", text = "Hi!" };
}
