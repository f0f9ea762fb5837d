using System.Net.Http.Json;
using System.Text.Json;

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

    public Task<ApiResult<BroadcastView>> CreateBroadcastAsync(BroadcastDraft draft, CancellationToken cancellationToken) =>
        SendAsync<BroadcastView>(new HttpRequestMessage(HttpMethod.Post, "/broadcasts")
        {
            Content = JsonContent.Create(new
            {
                listId = draft.ListId,
                name = draft.Name,
                from = draft.From,
                subject = draft.Subject,
                html = draft.Html,
                text = draft.Text,
                template = draft.Template is null ? null : new { name = draft.Template },
            }, options: ApiResponses.Body),
        }, cancellationToken);

    /// <summary>Sends the draft now to <paramref name="to"/>, rendered with empty attributes.</summary>
    public Task<ApiResult<BroadcastTestView>> TestBroadcastAsync(string id, string to, CancellationToken cancellationToken) =>
        SendAsync<BroadcastTestView>(new HttpRequestMessage(HttpMethod.Post, $"/broadcasts/{Uri.EscapeDataString(id)}/test")
        {
            Content = JsonContent.Create(new { to = new[] { to } }, options: ApiResponses.Body),
        }, cancellationToken);

    /// <summary>Sends the draft at <paramref name="scheduledAt"/> (ISO 8601 with an offset).</summary>
    public Task<ApiResult<BroadcastView>> ScheduleBroadcastAsync(string id, string scheduledAt, CancellationToken cancellationToken) =>
        SendAsync<BroadcastView>(new HttpRequestMessage(HttpMethod.Post, $"/broadcasts/{Uri.EscapeDataString(id)}/send")
        {
            Content = JsonContent.Create(new { scheduledAt }, options: ApiResponses.Body),
        }, cancellationToken);

    public Task<ApiResult<TemplateView>> CreateTemplateAsync(string name, TemplateParts content, CancellationToken cancellationToken) =>
        SendAsync<TemplateView>(new HttpRequestMessage(HttpMethod.Post, "/templates")
        {
            Content = JsonContent.Create(new { name, subject = content.Subject, html = content.Html, text = content.Text }, options: ApiResponses.Body),
        }, cancellationToken);

    /// <summary>PUT: stores the next version.</summary>
    public Task<ApiResult<TemplateView>> UpdateTemplateAsync(string name, TemplateParts content, CancellationToken cancellationToken) =>
        SendAsync<TemplateView>(new HttpRequestMessage(HttpMethod.Put, "/templates/" + Uri.EscapeDataString(name))
        {
            Content = JsonContent.Create(new { subject = content.Subject, html = content.Html, text = content.Text }, options: ApiResponses.Body),
        }, cancellationToken);

    public Task<ApiResult<NoContent>> DeleteTemplateAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<NoContent>(new HttpRequestMessage(HttpMethod.Delete, "/templates/" + Uri.EscapeDataString(name)), cancellationToken);

    public Task<ApiResult<RenderedTemplateView>> RenderTemplateAsync(string name, JsonElement data, CancellationToken cancellationToken) =>
        SendAsync<RenderedTemplateView>(new HttpRequestMessage(HttpMethod.Post, $"/templates/{Uri.EscapeDataString(name)}/render")
        {
            Content = JsonContent.Create(new { data }, options: ApiResponses.Body),
        }, cancellationToken);

    public Task<ApiResult<ListView>> CreateListAsync(string name, string from, string? replyTo, bool doubleOptIn, CancellationToken cancellationToken) =>
        SendAsync<ListView>(new HttpRequestMessage(HttpMethod.Post, "/lists")
        {
            Content = JsonContent.Create(new { name, from, replyTo, doubleOptIn }, options: ApiResponses.Body),
        }, cancellationToken);

    public Task<ApiResult<ListView>> RenameListAsync(string id, string name, CancellationToken cancellationToken) =>
        SendAsync<ListView>(new HttpRequestMessage(HttpMethod.Patch, "/lists/" + Uri.EscapeDataString(id))
        {
            Content = JsonContent.Create(new { name }, options: ApiResponses.Body),
        }, cancellationToken);

    public Task<ApiResult<NoContent>> DeleteListAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<NoContent>(new HttpRequestMessage(HttpMethod.Delete, "/lists/" + Uri.EscapeDataString(id)), cancellationToken);

    /// <summary>POST /contacts onto one list: subscribed when <paramref name="consent"/> is given, else pending (confirming by mail where the list has double opt-in).</summary>
    public Task<ApiResult<ContactView>> AddContactAsync(string listId, string email, JsonElement? attributes, string? consent, CancellationToken cancellationToken) =>
        SendAsync<ContactView>(new HttpRequestMessage(HttpMethod.Post, "/contacts")
        {
            Content = JsonContent.Create(new { email, attributes, lists = new[] { new { listId } }, consent }, options: ApiResponses.Body),
        }, cancellationToken);

    private Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ApiResponses.SendAsync<T>(http, request, Api, cancellationToken);
}
