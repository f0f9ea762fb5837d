using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using EmailList.Core.Webhooks;

namespace EmailList.Dispatcher.Webhooks;

/// <summary>
/// POSTs one signed delivery. Every connection resolves the host itself and checks every address against
/// <see cref="WebhookTargetGuard"/> before dialling the checked address (so DNS rebinding cannot reach a private address
/// after the check at save time); no proxy, no redirects (a 3xx is a failure), no cookies; at most
/// <see cref="WebhookLimits.MaxResponseBytes"/> of the answer read; <see cref="WebhookLimits.AttemptTimeout"/> per attempt.
/// </summary>
public sealed class WebhookTransport : IDisposable
{
    public const string UserAgent = "EmailList-Webhooks/1.0";

    private readonly HttpClient _client;
    private readonly WebhookTargetGuard _guard;

    public WebhookTransport(WebhookTargetGuard guard)
    {
        _guard = guard;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = WebhookLimits.AttemptTimeout,
            // Connections are reused, but not for long: the host's addresses are checked again on each new one.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 16,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>One attempt; never throws but for <paramref name="cancellationToken"/> (the dispatcher stopping).</summary>
    public async Task<WebhookResponse> PostAsync(
        Uri url, string deliveryId, DateTimeOffset timestamp, string signature, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A network deadline, on the real clock whatever TimeProvider the rest runs on.
        timeout.CancelAfter(WebhookLimits.AttemptTimeout);
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", deliveryId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadPrefixAsync(response.Content, timeout.Token);
            var status = (int)response.StatusCode;
            return new WebhookResponse(status, status is >= 300 and < 400
                ? $"HTTP {status}: redirects are not followed{(response.Headers.Location is { } location ? $" (to {Shorten(location.ToString())})" : "")}; give the final URL."
                : status is >= 200 and < 300 ? null : $"HTTP {status}{(body.Length > 0 ? ": " + body : "")}", Elapsed(watch));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, $"timeout after {WebhookLimits.AttemptTimeout.TotalSeconds:0} s", Elapsed(watch));
        }
        catch (HttpRequestException e)
        {
            return new WebhookResponse(null, Describe(e), Elapsed(watch));
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await _guard.ResolveAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static async Task<string> ReadPrefixAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[WebhookLimits.MaxResponseBytes];
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        // Only a short, printable prefix goes to the log line; the rest is never read.
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return Shorten(new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim());
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetException target)
            {
                return "refused: " + target.Message;
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host does not resolve",
            HttpRequestError.ConnectionError => $"connection failed ({(e.InnerException as SocketException)?.SocketErrorCode.ToString() ?? "no connection"})",
            HttpRequestError.SecureConnectionError => "TLS handshake failed (certificate not trusted, expired or for another name?)",
            HttpRequestError.ResponseEnded => "the connection closed before a response",
            HttpRequestError.InvalidResponse => "the response was not valid HTTP",
            HttpRequestError.ConfigurationLimitExceeded => "the response headers were too large",
            _ => Shorten(e.Message),
        };
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
