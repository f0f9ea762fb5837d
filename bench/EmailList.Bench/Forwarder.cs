namespace EmailList.Bench;

/// <summary>
/// The least a proxy in its own process can do: pass each request to the sandbox and its answer back, byte for byte,
/// with no auth, parsing, lookup or composing. Timed next to the send API (<c>--floor</c>), it shows what one more
/// process and loopback hop cost on this machine, whatever that process does.
/// </summary>
public static class Forwarder
{
    public const string Argument = "--forward";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Host", "Upgrade",
    };

    public static async Task RunAsync(Uri listen, Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listen.AbsoluteUri.TrimEnd('/'));
        var app = builder.Build();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 512 })
        {
            BaseAddress = target,
        };
        app.Run(context => context.Request.Path == "/alive" ? context.Response.WriteAsync("forwarder") : ForwardAsync(context, client));
        await app.RunAsync();
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient client)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString)
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The client signed for this host; SigV4 verification at the sandbox reads it back from the Host header.
        request.Headers.Host = context.Request.Host.Value;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
