using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Sandbox.Admin;

namespace EmailList.Testing.Sandbox;

/// <summary>Typed client for the sandbox admin API (<c>/_sandbox</c>); fails loudly with the sandbox's answer when a call is refused.</summary>
public sealed class SandboxAdminClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    /// <summary>Creates or replaces an SES account; null settings means all defaults (sending, production access, example.com verified).</summary>
    public async Task<SandboxAccount> PutAccountAsync(string accountId, SandboxAccountSettings? settings = null, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PutAsJsonAsync($"_sandbox/accounts/{accountId}", settings ?? new SandboxAccountSettings(), Json, cancellationToken);
        return await ReadAsync<SandboxAccount>(response, cancellationToken);
    }

    /// <summary>Creates or replaces a template in the account's own SES, as the tenant would have made it there.</summary>
    public async Task PutEmailTemplateAsync(string accountId, string templateName, SandboxEmailTemplate template, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PutAsJsonAsync($"_sandbox/accounts/{accountId}/templates/{templateName}", template, Json, cancellationToken);
        await ReadAsync<SandboxEmailTemplate>(response, cancellationToken);
    }

    public async Task<SandboxAccount?> GetAccountAsync(string accountId, CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync($"_sandbox/accounts/{accountId}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<SandboxAccount>(response, cancellationToken);
    }

    /// <summary>An account's configuration sets and event buses (policies, rules, targets) in a region; null region means Sandbox:Region.</summary>
    public async Task<SandboxForwarding> GetForwardingAsync(string accountId, string? region = null, CancellationToken cancellationToken = default)
    {
        var query = $"_sandbox/accounts/{accountId}/forwarding" + (region is null ? string.Empty : $"?region={Uri.EscapeDataString(region)}");
        using var response = await Http.GetAsync(query, cancellationToken);
        return await ReadAsync<SandboxForwarding>(response, cancellationToken);
    }

    /// <summary>The platform's event bus (Sandbox:PlatformEventBusName): its policy statements and rules.</summary>
    public async Task<SandboxEventBus> GetPlatformBusAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync("_sandbox/platform-bus", cancellationToken);
        return await ReadAsync<SandboxEventBus>(response, cancellationToken);
    }

    /// <summary>Registers a role (its account is created with defaults if missing); <see cref="SandboxRole.Permissions"/> null means the default permission policy.</summary>
    public async Task<SandboxRole> PutRoleAsync(SandboxRole role, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PutAsJsonAsync("_sandbox/roles", role, Json, cancellationToken);
        return await ReadAsync<SandboxRole>(response, cancellationToken);
    }

    /// <returns>False when no such role was registered.</returns>
    public async Task<bool> DeleteRoleAsync(string roleArn, CancellationToken cancellationToken = default)
    {
        using var response = await Http.DeleteAsync($"_sandbox/roles?roleArn={Uri.EscapeDataString(roleArn)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    public async Task<SandboxFault> AddFaultAsync(SandboxFault fault, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsJsonAsync("_sandbox/faults", fault, Json, cancellationToken);
        return await ReadAsync<SandboxFault>(response, cancellationToken);
    }

    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.DeleteAsync("_sandbox/faults", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Accepted messages, newest first.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> GetOutboxAsync(string? accountId = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        var query = $"_sandbox/outbox?limit={limit}" + (accountId is null ? string.Empty : $"&accountId={Uri.EscapeDataString(accountId)}");
        using var response = await Http.GetAsync(query, cancellationToken);
        return await ReadAsync<List<OutboxMessage>>(response, cancellationToken);
    }

    public async Task<OutboxMessage?> GetMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync($"_sandbox/outbox/{Uri.EscapeDataString(messageId)}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<OutboxMessage>(response, cancellationToken);
    }

    public async Task<SandboxStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync("_sandbox/stats", cancellationToken);
        return await ReadAsync<SandboxStats>(response, cancellationToken);
    }

    /// <summary>Sets where SES events go from now on; a null <see cref="SandboxEventTarget.TargetUrl"/> stops publishing.</summary>
    public async Task SetEventTargetAsync(SandboxEventTarget target, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PutAsJsonAsync("_sandbox/events/target", target, Json, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Publishes an Open event for a sent message (an event target must be set).</summary>
    public async Task<SandboxEvent> OpenAsync(string messageId, SandboxEngagement? engagement = null, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsJsonAsync($"_sandbox/outbox/{Uri.EscapeDataString(messageId)}/open", engagement ?? new SandboxEngagement(), Json, cancellationToken);
        return await ReadAsync<SandboxEvent>(response, cancellationToken);
    }

    /// <summary>Publishes a Click event for a sent message (an event target must be set).</summary>
    public async Task<SandboxEvent> ClickAsync(string messageId, SandboxEngagement? engagement = null, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsJsonAsync($"_sandbox/outbox/{Uri.EscapeDataString(messageId)}/click", engagement ?? new SandboxEngagement(), Json, cancellationToken);
        return await ReadAsync<SandboxEvent>(response, cancellationToken);
    }

    /// <summary>Publishes a Subscription event for a sent message: the recipient unsubscribed through SES (an event target must be set).</summary>
    public async Task<SandboxEvent> UnsubscribeAsync(string messageId, SandboxUnsubscribe? unsubscribe = null, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsJsonAsync($"_sandbox/outbox/{Uri.EscapeDataString(messageId)}/unsubscribe", unsubscribe ?? new SandboxUnsubscribe(), Json, cancellationToken);
        return await ReadAsync<SandboxEvent>(response, cancellationToken);
    }

    /// <summary>Recently published events, newest first, with their delivery status.</summary>
    public async Task<IReadOnlyList<SandboxEvent>> GetEventsAsync(string? messageId = null, string? accountId = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        var query = $"_sandbox/events?limit={limit}"
            + (messageId is null ? string.Empty : $"&messageId={Uri.EscapeDataString(messageId)}")
            + (accountId is null ? string.Empty : $"&accountId={Uri.EscapeDataString(accountId)}");
        using var response = await Http.GetAsync(query, cancellationToken);
        return await ReadAsync<List<SandboxEvent>>(response, cancellationToken);
    }

    public async Task<SandboxEventStats> GetEventStatsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync("_sandbox/events/stats", cancellationToken);
        return await ReadAsync<SandboxEventStats>(response, cancellationToken);
    }

    /// <summary>Sends a published event again as is (same id); null when the sandbox no longer has it.</summary>
    public async Task<SandboxEvent?> RedeliverEventAsync(string eventId, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsync($"_sandbox/events/redeliver/{Uri.EscapeDataString(eventId)}", null, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<SandboxEvent>(response, cancellationToken);
    }

    /// <summary>Waits until every event published about a message has been delivered or given up on; returns them, newest first.</summary>
    public Task<IReadOnlyList<SandboxEvent>> WaitForEventDeliveryAsync(string messageId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Eventually.ValueAsync(
            async () =>
            {
                var events = await GetEventsAsync(messageId, limit: 1000, cancellationToken: cancellationToken);
                return (events.All(e => e.Status != "pending"), events);
            },
            $"delivery of every event about {messageId}",
            events => "still pending: " + string.Join(", ", events.Where(e => e.Status == "pending").Select(e => e.DetailType)),
            timeout,
            cancellationToken);

    /// <summary>Clears outbox, published events, stats, faults and sessions; with <paramref name="all"/> also accounts and roles.</summary>
    public async Task ResetAsync(bool all = false, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsync(all ? "_sandbox/reset?all=true" : "_sandbox/reset", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new InvalidOperationException($"The sandbox answered {response.RequestMessage?.RequestUri} with an empty body.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"Sandbox admin call {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}",
                null, response.StatusCode);
        }
    }
}
