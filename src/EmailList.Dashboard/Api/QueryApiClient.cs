using System.Net.Http.Json;
using System.Text;

namespace EmailList.Dashboard.Api;

/// <summary>The query API, called with the signed-in user's token (<see cref="Auth.BearerTokenHandler"/>).</summary>
public sealed class QueryApiClient(HttpClient http)
{
    private const string Api = "The query API";

    public Task<ApiResult<StatsView>> GetStatsAsync(QueryString query, CancellationToken cancellationToken) =>
        GetAsync<StatsView>("/stats" + query.ToUriComponent(), cancellationToken);

    public Task<ApiResult<EventPageView>> ListEventsAsync(QueryString query, CancellationToken cancellationToken) =>
        GetAsync<EventPageView>("/events" + query.ToUriComponent(), cancellationToken);

    public Task<ApiResult<MessageView>> GetMessageAsync(string messageId, CancellationToken cancellationToken) =>
        GetAsync<MessageView>("/messages/" + Uri.EscapeDataString(messageId), cancellationToken);

    public Task<ApiResult<SuppressionPageView>> ListSuppressedAsync(QueryString query, CancellationToken cancellationToken) =>
        GetAsync<SuppressionPageView>("/suppression-list" + query.ToUriComponent(), cancellationToken);

    public Task<ApiResult<SuppressionEntryView>> SuppressAsync(string email, string reason, CancellationToken cancellationToken) =>
        SendAsync<SuppressionEntryView>(new HttpRequestMessage(HttpMethod.Put, "/suppression-list/" + Uri.EscapeDataString(email))
        {
            Content = JsonContent.Create(new { reason }, options: ApiResponses.Json),
        }, cancellationToken);

    public Task<ApiResult<NoContent>> UnsuppressAsync(string email, bool fromSes, CancellationToken cancellationToken) =>
        SendAsync<NoContent>(new HttpRequestMessage(HttpMethod.Delete,
            "/suppression-list/" + Uri.EscapeDataString(email) + (fromSes ? "?fromSes=true" : "")), cancellationToken);

    public Task<ApiResult<ImportResultView>> ImportSuppressedAsync(string csv, CancellationToken cancellationToken) =>
        SendAsync<ImportResultView>(new HttpRequestMessage(HttpMethod.Post, "/suppression-list/import")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        }, cancellationToken);

    public Task<ApiResult<SyncResultView>> SyncSuppressedAsync(string direction, CancellationToken cancellationToken) =>
        SendAsync<SyncResultView>(new HttpRequestMessage(HttpMethod.Post, "/suppression-list/sync")
        {
            Content = JsonContent.Create(new { direction }, options: ApiResponses.Json),
        }, cancellationToken);

    /// <summary>The export as the API streams it; the caller copies it to the browser and disposes it.</summary>
    public async Task<HttpResponseMessage> ExportSuppressedAsync(CancellationToken cancellationToken) =>
        await http.GetAsync("/suppression-list/export", HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public Task<ApiResult<OnboardingView>> GetTenantAsync(CancellationToken cancellationToken) =>
        GetAsync<OnboardingView>("/tenant", cancellationToken);

    public Task<ApiResult<TenantView>> SetRoleAsync(string roleArn, string region, CancellationToken cancellationToken) =>
        SendAsync<TenantView>(new HttpRequestMessage(HttpMethod.Put, "/tenant/role")
        {
            Content = JsonContent.Create(new { roleArn, region }, options: ApiResponses.Json),
        }, cancellationToken);

    public Task<ApiResult<TenantView>> RemoveRoleAsync(CancellationToken cancellationToken) =>
        SendAsync<TenantView>(new HttpRequestMessage(HttpMethod.Delete, "/tenant/role"), cancellationToken);

    public Task<ApiResult<VerifyView>> VerifyStsAsync(CancellationToken cancellationToken) =>
        GetAsync<VerifyView>("/verify-sts", cancellationToken);

    public async Task<HttpResponseMessage> GetCloudFormationTemplateAsync(CancellationToken cancellationToken) =>
        await http.GetAsync("/tenant/cloudformation-template", HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public Task<ApiResult<WebhookListView>> ListWebhooksAsync(CancellationToken cancellationToken) =>
        GetAsync<WebhookListView>("/webhooks", cancellationToken);

    public Task<ApiResult<WebhookView>> GetWebhookAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<WebhookView>("/webhooks/" + Uri.EscapeDataString(id), cancellationToken);

    public Task<ApiResult<WebhookView>> CreateWebhookAsync(string url, IReadOnlyList<string> eventTypes, string? description, CancellationToken cancellationToken) =>
        SendAsync<WebhookView>(new HttpRequestMessage(HttpMethod.Post, "/webhooks")
        {
            Content = JsonContent.Create(new { url, eventTypes, description }, options: ApiResponses.Json),
        }, cancellationToken);

    public Task<ApiResult<WebhookView>> SetWebhookEnabledAsync(string id, bool enabled, CancellationToken cancellationToken) =>
        SendAsync<WebhookView>(new HttpRequestMessage(HttpMethod.Patch, "/webhooks/" + Uri.EscapeDataString(id))
        {
            Content = JsonContent.Create(new { enabled }, options: ApiResponses.Json),
        }, cancellationToken);

    public Task<ApiResult<NoContent>> DeleteWebhookAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<NoContent>(new HttpRequestMessage(HttpMethod.Delete, "/webhooks/" + Uri.EscapeDataString(id)), cancellationToken);

    public Task<ApiResult<WebhookView>> RotateWebhookSecretAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<WebhookView>(new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{Uri.EscapeDataString(id)}/rotate-secret"), cancellationToken);

    public Task<ApiResult<WebhookDeliveryView>> TestWebhookAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<WebhookDeliveryView>(new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{Uri.EscapeDataString(id)}/test"), cancellationToken);

    public Task<ApiResult<WebhookDeliveryPageView>> ListWebhookDeliveriesAsync(string id, QueryString query, CancellationToken cancellationToken) =>
        GetAsync<WebhookDeliveryPageView>($"/webhooks/{Uri.EscapeDataString(id)}/deliveries" + query.ToUriComponent(), cancellationToken);

    public Task<ApiResult<WebhookDeliveryView>> RetryWebhookDeliveryAsync(string id, string deliveryId, CancellationToken cancellationToken) =>
        SendAsync<WebhookDeliveryView>(new HttpRequestMessage(HttpMethod.Post,
            $"/webhooks/{Uri.EscapeDataString(id)}/deliveries/{Uri.EscapeDataString(deliveryId)}/retry"), cancellationToken);

    private Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    private Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ApiResponses.SendAsync<T>(http, request, Api, cancellationToken);
}
