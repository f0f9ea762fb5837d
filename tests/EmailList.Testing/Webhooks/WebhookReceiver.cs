using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailList.Testing.Webhooks;

/// <summary>
/// A tenant's webhook endpoint: Kestrel on 127.0.0.1, recording every POST with its Standard Webhooks headers and
/// answering <see cref="Respond"/>'s status (200 unless set; <see cref="Hang"/> makes it never answer).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _arrived;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The status to answer a request with (by path); 200 by default.</summary>
    public Func<HttpRequest, int> Respond { get; set; } = _ => StatusCodes.Status200OK;

    /// <summary>Requests for which this is true (by path) are held and never answered (until the receiver stops).</summary>
    public Func<string, bool> Hang { get; set; } = _ => false;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Requests that reached the endpoint, including those it hung on.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return receiver;
    }

    /// <summary>The URL of a path on this receiver, e.g. one per tenant.</summary>
    public Uri At(string path) => new(Url, path);

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string path) => [.. _received.Where(r => r.Path == "/" + path.TrimStart('/'))];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _arrived);
        using var reader = new StreamReader(http.Request.Body);
        var payload = await reader.ReadToEndAsync(http.RequestAborted);
        if (Hang(http.Request.Path.Value ?? "/"))
        {
            try
            {
                using var held = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, http.RequestAborted);
                await Task.Delay(Timeout.Infinite, held.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var status = Respond(http.Request);
        _received.Enqueue(new ReceivedWebhook(
            http.Request.Path.Value ?? "/",
            http.Request.Headers["webhook-id"].ToString(),
            http.Request.Headers["webhook-timestamp"].ToString(),
            http.Request.Headers["webhook-signature"].ToString(),
            http.Request.ContentType ?? "",
            payload,
            status));
        http.Response.StatusCode = status;
    }
}
