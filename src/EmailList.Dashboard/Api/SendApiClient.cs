using System.Net.Http.Json;

namespace EmailList.Dashboard.Api;

/// <summary>The send API's templates, broadcasts, lists and contacts, called with the signed-in user's token (<see cref="Auth.BearerTokenHandler"/>).</summary>
public sealed class SendApiClient(HttpClient http)
{
    private const string Api = "The send API";

    public Task<ApiResult<BroadcastPageView>> ListBroadcastsAsync(string? cursor, CancellationToken cancellationToken) =>
        SendAsync<BroadcastPageView>(new HttpRequestMessage(HttpMethod.Get,
            "/broadcasts?limit=50" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))), cancellationToken);

    public Task<ApiResult<BroadcastView>> GetBroadcastAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<BroadcastView>(new HttpRequestMessage(HttpMethod.Get, "/broadcasts/" + Uri.EscapeDataString(id)), cancellationToken);

    /// <summary>send, pause, resume or cancel.</summary>
    public Task<ApiResult<BroadcastView>> ActOnBroadcastAsync(string id, string action, CancellationToken cancellationToken) =>
        SendAsync<BroadcastView>(new HttpRequestMessage(HttpMethod.Post, $"/broadcasts/{Uri.EscapeDataString(id)}/{action}")
        {
            Content = JsonContent.Create(new { }, options: ApiResponses.Json),
        }, cancellationToken);

    public Task<ApiResult<TemplatePageView>> ListTemplatesAsync(string? cursor, CancellationToken cancellationToken) =>
        SendAsync<TemplatePageView>(new HttpRequestMessage(HttpMethod.Get,
            "/templates?limit=50" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))), cancellationToken);

    public Task<ApiResult<TemplateView>> GetTemplateAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<TemplateView>(new HttpRequestMessage(HttpMethod.Get, "/templates/" + Uri.EscapeDataString(name)), cancellationToken);

    public Task<ApiResult<ListPageView>> ListListsAsync(string? cursor, CancellationToken cancellationToken) =>
        SendAsync<ListPageView>(new HttpRequestMessage(HttpMethod.Get,
            "/lists?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))), cancellationToken);

    public Task<ApiResult<ListView>> GetListAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<ListView>(new HttpRequestMessage(HttpMethod.Get, "/lists/" + Uri.EscapeDataString(id)), cancellationToken);

    /// <summary>GET /contacts with list, status, q, limit and cursor as given.</summary>
    public Task<ApiResult<ContactPageView>> ListContactsAsync(QueryString query, CancellationToken cancellationToken) =>
        SendAsync<ContactPageView>(new HttpRequestMessage(HttpMethod.Get, "/contacts" + query.ToUriComponent()), cancellationToken);

    private Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ApiResponses.SendAsync<T>(http, request, Api, cancellationToken);
}
