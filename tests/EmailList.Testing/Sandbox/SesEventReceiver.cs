using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EmailList.Testing.Sandbox;

/// <summary>
/// A stand-in event target on Kestrel at 127.0.0.1 (a free port) that records every POST to <c>/ses-events</c> and answers
/// 200, or, when told to, fails the next requests. Point the sandbox at <see cref="Url"/> with <c>PUT /_sandbox/events/target</c>.
/// </summary>
public sealed class SesEventReceiver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedEventRequest> _requests = [];
    private WebApplication? _app;
    private int _failuresLeft;
    private int _failWith;

    private SesEventReceiver()
    {
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request so far, in arrival order, failed ones included.</summary>
    public IReadOnlyList<ReceivedEventRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<SesEventReceiver> StartAsync()
    {
        var receiver = new SesEventReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        receiver._app = builder.Build();
        receiver._app.MapPost("/ses-events", (Delegate)receiver.ReceiveAsync);
        await receiver._app.StartAsync();
        receiver.Url = new Uri(receiver._app.Urls.Single().TrimEnd('/') + "/ses-events");
        return receiver;
    }

    /// <summary>The next <paramref name="count"/> requests are answered <paramref name="statusCode"/> (recorded all the same); -1 means all of them.</summary>
    public void FailNext(int count, int statusCode = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_gate)
        {
            _failuresLeft = count;
            _failWith = statusCode;
        }
    }

    /// <summary>Waits until the recorded requests satisfy <paramref name="condition"/>; fails with what arrived after the timeout.</summary>
    /// <param name="what">What is awaited, for the timeout message, e.g. "2 events about m-1 being stored".</param>
    public Task<IReadOnlyList<ReceivedEventRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedEventRequest>, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(
            () =>
            {
                var seen = Requests;
                return Task.FromResult((condition(seen), seen));
            },
            what,
            seen => $"{seen.Count} request(s): " + string.Join("; ", seen.Select(r => $"{r.AnsweredWith} {r.Body}")),
            timeout);

    /// <summary>Waits for <paramref name="count"/> stored (answered 2xx) events about one message and returns them in arrival order.</summary>
    public async Task<IReadOnlyList<ReceivedEventRequest>> WaitForStoredAsync(string messageId, int count, TimeSpan? timeout = null)
    {
        var seen = await WaitForAsync(
            all => all.Count(r => r.Stored && r.MessageId == messageId) >= count, $"{count} event(s) about {messageId} being stored", timeout);
        return [.. seen.Where(r => r.Stored && r.MessageId == messageId)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        int status;
        lock (_gate)
        {
            status = _failuresLeft != 0 ? _failWith : StatusCodes.Status200OK;
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
            }

            _requests.Add(new ReceivedEventRequest(headers, body, status));
        }

        return status == StatusCodes.Status200OK
            ? Results.Json(new { stored = 1, duplicates = 0, dropped = 0 })
            : Results.StatusCode(status);
    }
}
