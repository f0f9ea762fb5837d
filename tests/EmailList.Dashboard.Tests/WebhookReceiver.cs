using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EmailList.Dashboard.Tests;

/// <summary>A loopback HTTP endpoint that answers 200 to every POST and keeps what it received (the embedded default allows private targets).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/{Guid.NewGuid():N}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    /// <summary>Each request's body with its <c>webhook-signature</c> header.</summary>
    public ConcurrentQueue<(string Body, string? Signature)> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Stopped while waiting for a request.
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                Received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["webhook-signature"]));
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
