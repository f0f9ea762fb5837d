using System.Collections.Concurrent;
using System.Net;

using EmailList.Testing;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailList.Aws.Tests.Ses;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers with responses scripted per test, in order, and
/// records every request it receives.
/// </summary>
public sealed class ScriptedAwsServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly WebApplication _app;
    private ScriptedResponse? _always;

    private ScriptedAwsServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<ScriptedAwsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        var server = new ScriptedAwsServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(address.Addresses.First());
        return server;
    }

    /// <summary>
    /// The requests received once there are at least <paramref name="count"/>. A client that gave up on a
    /// slow answer may throw before the server has recorded its last request, so tests of timeouts wait here.
    /// Fewer than <paramref name="count"/> after 10 s throws; more are returned, so callers assert the exact count.
    /// </summary>
    public Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count) =>
        Eventually.ValueAsync(
            () => Task.FromResult((_requests.Count >= count, Requests)),
            $"{count} request(s) reaching the scripted server",
            seen => $"{seen.Count} request(s): " + string.Join(", ", seen.Select(r => $"{r.Method} {r.RawTarget}")));

    /// <summary>Answers the next unanswered request.</summary>
    public ScriptedAwsServer Respond(int status, string? body = null, string contentType = "application/json",
        IReadOnlyDictionary<string, string>? headers = null, TimeSpan delay = default)
    {
        _script.Enqueue(new ScriptedResponse(status, body, contentType, headers ?? new Dictionary<string, string>(), delay));
        return this;
    }

    /// <summary>Answers every request once the scripted ones are used up.</summary>
    public ScriptedAwsServer RespondAlways(int status, string? body = null, string contentType = "application/json",
        IReadOnlyDictionary<string, string>? headers = null, TimeSpan delay = default)
    {
        _always = new ScriptedResponse(status, body, contentType, headers ?? new Dictionary<string, string>(), delay);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        _requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));

        var response = _script.TryDequeue(out var next) ? next : _always
            ?? new ScriptedResponse(418, """{"__type":"UnscriptedRequest","message":"The test scripted no answer for this request."}""",
                "application/json", new Dictionary<string, string>(), TimeSpan.Zero);

        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
    }
}
