using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EmailList.Sandbox.Events;

/// <summary>
/// Publishes SES events to an HTTP target as an EventBridge API destination does: one event per POST with the API-key
/// header, retried with exponential backoff on network errors, timeouts, 429 and 5xx, then given up (logged and counted).
/// Delivery runs on background workers fed by a bounded queue that drops its oldest event when full; SendEmail only enqueues.
/// </summary>
internal sealed class SesEventPublisher : BackgroundService
{
    public const string HttpClientName = "EmailList.Sandbox.Events";

    /// <summary>Named as the sandbox's application, which service defaults' OpenTelemetry set-up listens to.</summary>
    private static readonly ActivitySource Tracing = new("EmailList.Sandbox");

    private static readonly JsonSerializerOptions Json = new()
    {
        // As AWS writes it: < > & + ' unescaped (the body is JSON for machines, never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly ProductInfoHeaderValue UserAgent = new("Amazon", "EventBridge-ApiDestinations-Sandbox");

    private readonly SandboxOptions _sandboxOptions;
    private readonly SandboxEventOptions _options;
    private readonly SandboxWorld _world;
    private readonly SesEventFactory _factory;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SesEventPublisher> _logger;
    private readonly Channel<PublishedEvent> _queue;
    private volatile EventTarget? _target;

    public SesEventPublisher(
        IOptions<SandboxOptions> options,
        SandboxWorld world,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<SesEventPublisher> logger)
    {
        _sandboxOptions = options.Value;
        _options = options.Value.Events;
        _world = world;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _factory = new SesEventFactory(options, world);
        _target = _options.TargetUrl is { } url ? new EventTarget(url, _options.HeaderName, _options.Secret) : null;
        _queue = Channel.CreateBounded<PublishedEvent>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest },
            Drop);
    }

    public EventTarget? Target
    {
        get => _target;
        set
        {
            _target = value;
            var shown = value?.Url.GetLeftPart(UriPartial.Path) ?? "(none: publishing is off)";
            SandboxLog.EventTargetSet(_logger, shown);
        }
    }

    /// <summary>Whether SES events are made at all: some target (the API destination or the queue) must receive them.</summary>
    public bool IsEnabled => _target is not null || _sandboxOptions.Queue.Enabled;

    /// <summary>What SES would publish after accepting <paramref name="message"/>; nothing when no target is set.</summary>
    public void MessageAccepted(OutboxMessage message, MimeMessage? mime)
    {
        if (!IsEnabled)
        {
            return;
        }

        foreach (var sesEvent in _factory.ForAcceptedMessage(message, mime))
        {
            Publish(sesEvent, message);
        }
    }

    public SandboxEvent Opened(OutboxMessage message, SandboxEngagement engagement) =>
        Publish(_factory.Open(message, engagement.Recipient, engagement.UserAgent ?? SesEventFactory.DefaultUserAgent,
            engagement.IpAddress ?? SesEventFactory.DefaultIpAddress, _timeProvider.GetUtcNow()), message).ToAdmin();

    public SandboxEvent Clicked(OutboxMessage message, SandboxEngagement engagement) =>
        Publish(_factory.Click(message, engagement.Recipient, engagement.Link ?? SesEventFactory.DefaultLink,
            engagement.UserAgent ?? SesEventFactory.DefaultUserAgent, engagement.IpAddress ?? SesEventFactory.DefaultIpAddress,
            _timeProvider.GetUtcNow()), message).ToAdmin();

    public SandboxEvent Unsubscribed(OutboxMessage message, SandboxUnsubscribe unsubscribe) =>
        Publish(_factory.Unsubscribe(message, unsubscribe.Recipient, unsubscribe.ContactList ?? SandboxUnsubscribe.DefaultContactList,
            unsubscribe.Topic ?? SandboxUnsubscribe.DefaultTopic, _timeProvider.GetUtcNow()), message).ToAdmin();

    /// <summary>Sends a recorded event again, byte for byte (same id); null when the event is not (or no longer) recorded.</summary>
    public SandboxEvent? Redeliver(string eventId)
    {
        if (_world.Events.Find(eventId) is not { } published)
        {
            return null;
        }

        published.Restart();
        DeliverToTargets(published);
        return published.ToAdmin();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.MaxConcurrency).Select(_ => Task.Run(() => DeliverAllAsync(stoppingToken), stoppingToken)));

    private PublishedEvent Publish(EventBridgeEvent sesEvent, OutboxMessage message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(sesEvent, Json);
        var published = new PublishedEvent(sesEvent.Id, sesEvent.DetailType, sesEvent.Account, message.MessageId, body, _timeProvider.GetUtcNow())
        {
            // AWS carries no trace context through SES and EventBridge; the sandbox does, so that a local trace shows
            // POST /mail, SES and the ingested event as one story.
            Origin = Activity.Current?.Context ?? default,
        };
        _world.Events.Add(published);
        if (_options.RequireForwarding)
        {
            using var document = JsonDocument.Parse(body);
            if (ForwardingGate.Stop(_world, _sandboxOptions, message, document.RootElement) is { } stop)
            {
                published.Complete(PublishedEvent.Undelivered, null, $"{stop.Reason}: {stop.Detail}", _timeProvider.GetUtcNow());
                _world.Events.CountUndelivered(stop.Reason);
                SandboxLog.EventNotForwarded(_logger, published.EventId, published.DetailType, stop.Reason);
                return published;
            }
        }

        // On the platform bus: archived (for StartReplay), then sent to its rule's targets.
        _world.Archive.Add(DateTimeOffset.Parse(sesEvent.Time, System.Globalization.CultureInfo.InvariantCulture), body);
        DeliverToTargets(published);
        return published;
    }

    /// <summary>Re-sends archived events (already carrying <c>replay-name</c>) to the platform rule's targets, as StartReplay does.</summary>
    public void Replay(IReadOnlyList<byte[]> bodies)
    {
        foreach (var body in bodies)
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var replayed = new PublishedEvent(root.GetProperty("id").GetString()!, root.GetProperty("detail-type").GetString()!,
                root.GetProperty("account").GetString()!, string.Empty, body, _timeProvider.GetUtcNow());
            DeliverToTargets(replayed);
        }
    }

    // The platform bus's rule has up to two targets here: the SQS queue (production's path, Sandbox:Queue:Enabled) and the
    // API destination (TargetUrl). The queue takes the event at once; the API destination is posted to by the workers.
    private void DeliverToTargets(PublishedEvent published)
    {
        if (_sandboxOptions.Queue.Enabled)
        {
            _world.Queues.Events.Send(System.Text.Encoding.UTF8.GetString(published.Body.Span));
            if (_target is null)
            {
                published.Complete(PublishedEvent.Delivered, null, null, _timeProvider.GetUtcNow());
                _world.Events.CountDelivered();
                return;
            }
        }

        _queue.Writer.TryWrite(published);
    }

    private void Drop(PublishedEvent dropped)
    {
        dropped.Complete(PublishedEvent.Dropped, null, "The delivery queue was full; the oldest waiting event was dropped.", _timeProvider.GetUtcNow());
        _world.Events.CountDropped();
        SandboxLog.EventDropped(_logger, dropped.EventId, dropped.DetailType, _options.QueueCapacity);
    }

    private async Task DeliverAllAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var published in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(published, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(PublishedEvent published, CancellationToken stoppingToken)
    {
        var client = _httpClientFactory.CreateClient(HttpClientName);
        while (true)
        {
            if (_target is not { } current)
            {
                Fail(published, null, "No target is set: publishing was turned off before the event was delivered.");
                return;
            }

            var attempt = published.BeginAttempt();
            var (statusCode, error) = await PostAsync(client, current, published, stoppingToken);
            if (statusCode is >= 200 and < 300)
            {
                published.Complete(PublishedEvent.Delivered, statusCode, null, _timeProvider.GetUtcNow());
                _world.Events.CountDelivered();
                return;
            }

            var retryable = statusCode is null or >= 500 or (int)HttpStatusCode.TooManyRequests;
            if (!retryable || attempt >= _options.MaxAttempts)
            {
                Fail(published, statusCode, error);
                return;
            }

            published.RecordFailure(statusCode, error);
            await Task.Delay(_options.RetryBaseDelay * Math.Pow(2, attempt - 1), _timeProvider, stoppingToken);
        }
    }

    private async Task<(int? StatusCode, string Error)> PostAsync(HttpClient client, EventTarget current, PublishedEvent published, CancellationToken stoppingToken)
    {
        using var activity = Tracing.StartActivity($"EventBridge delivers {published.DetailType}", ActivityKind.Producer, published.Origin);
        using var request = new HttpRequestMessage(HttpMethod.Post, current.Url) { Content = new ReadOnlyMemoryContent(published.Body) };
        if (activity is null && published.Origin != default)
        {
            // Nobody listens to this process's traces, but the caller's trace goes on to the ingester all the same.
            var flags = published.Origin.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00";
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{published.Origin.TraceId}-{published.Origin.SpanId}-{flags}");
        }

        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.Add(UserAgent);
        if (current.Secret is not null)
        {
            request.Headers.TryAddWithoutValidation(current.HeaderName, current.Secret);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, $"The target answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException exception)
        {
            return (null, $"The target could not be reached: {exception.Message}");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (null, $"The target did not answer within {_options.AttemptTimeout.TotalSeconds:0.###} s.");
        }
    }

    private void Fail(PublishedEvent published, int? statusCode, string error)
    {
        published.Complete(PublishedEvent.Failed, statusCode, error, _timeProvider.GetUtcNow());
        _world.Events.CountFailed();
        SandboxLog.EventDeliveryFailed(_logger, published.EventId, published.DetailType, published.Attempts, error);
    }
}
