using EmailList.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace EmailList.Dispatcher.Webhooks;

/// <summary>
/// The webhook delivery loop: claims due deliveries (<see cref="IWebhookDeliveryStore.ClaimDueAsync"/>, at most
/// <see cref="WebhookDeliveryOptions.PerWebhookLimit"/> per webhook per claim, <see cref="WebhookDeliveryOptions.MaxInFlight"/>
/// in hand in all) and delivers each through <see cref="WebhookDeliverer"/>, at most PerWebhookLimit at once per webhook
/// and 4 times that held per webhook (half of MaxInFlight at most), so a slow endpoint occupies its own slots only. A claim this instance cannot start soon enough is left to its lease,
/// as is everything in hand when the process dies: another instance claims it then (at least once; the webhook-id header
/// lets the receiver drop a repeat).
/// </summary>
public sealed class WebhookDeliveryWorker : BackgroundService
{
    /// <summary>An attempt starts only with this much more than its timeout left on the lease, so it never outlives it.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(1);

    private readonly IWebhookDeliveryStore _deliveries;
    private readonly WebhookDeliverer _deliverer;
    private readonly WebhookDeliveryOptions _options;
    private readonly WebhookDeliveryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDeliveryWorker> _logger;
    private readonly Dictionary<string, WebhookSlots> _slots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _freed = new(0);
    private int _inHand;

    public WebhookDeliveryWorker(
        IWebhookDeliveryStore deliveries,
        WebhookDeliverer deliverer,
        IOptions<WebhookDeliveryOptions> options,
        WebhookDeliveryMetrics metrics,
        TimeProvider time,
        ILogger<WebhookDeliveryWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _deliveries = deliveries;
        _deliverer = deliverer;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/wh-{Guid.NewGuid():N}";
    }

    /// <summary>This instance's claim owner, unique per start.</summary>
    public string Owner { get; }

    public int InHand => Volatile.Read(ref _inHand);

    /// <summary>
    /// Claims one webhook may hold (in flight and waiting for its slots), at most half of <see cref="WebhookDeliveryOptions.MaxInFlight"/>;
    /// what a claim brings beyond is left to its lease.
    /// </summary>
    private int HeldCap => 4 * _options.PerWebhookLimit;

    public override void Dispose()
    {
        _freed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WebhookDeliveryLog.Started(_logger, Owner, _options.PollInterval, _options.Lease, _options.MaxInFlight, _options.PerWebhookLimit);
        var work = new HashSet<Task>();
        var lastPoll = _time.GetTimestamp();
        var polled = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A claim never brings a webhook beyond what it may hold, while none is saturated; a saturated one (a slow
            // endpoint) has what a claim brings beyond left to its lease, so claims are then made at poll ticks only.
            var maxHeld = MaxHeld();
            var saturated = maxHeld >= HeldCap;
            var room = Math.Min(_options.MaxInFlight - InHand, saturated ? int.MaxValue : HeldCap - maxHeld);
            var claimedFull = false;
            if (room > 0 && (!saturated || polled))
            {
                IReadOnlyList<WebhookDeliveryClaim> claims = [];
                try
                {
                    claims = await _deliveries.ClaimDueAsync(_time.GetUtcNow(), room, _options.PerWebhookLimit, Owner, _options.Lease, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    WebhookDeliveryLog.ClaimFailed(_logger, e);
                }

                var deferred = false;
                foreach (var claim in claims)
                {
                    var slots = Take(claim);
                    if (slots is null)
                    {
                        deferred = true;
                        _metrics.Deferred();
                        continue;
                    }

                    work.Add(RunAsync(claim, slots, stoppingToken));
                }

                // More may be due right now: the claim filled the room, or gave some webhook all a claim may (its backlog
                // may go on) - unless a webhook is saturated: then claiming again would only defer more of it.
                var webhookFull = claims.CountBy(c => c.Delivery.WebhookId).Any(g => g.Value == _options.PerWebhookLimit);
                claimedFull = (claims.Count == room || webhookFull) && !deferred && InHand < _options.MaxInFlight;
            }

            work.RemoveWhere(t => t.IsCompleted);
            if (claimedFull)
            {
                polled = false;
                continue;
            }

            try
            {
                // The next poll tick, or sooner when a delivery completes (room again for a busy webhook or for everyone).
                var untilPoll = _options.PollInterval - _time.GetElapsedTime(lastPoll);
                polled = untilPoll <= TimeSpan.Zero;
                if (!polled)
                {
                    using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var delay = Task.Delay(untilPoll, _time, poll.Token);
                    polled = await Task.WhenAny(delay, _freed.WaitAsync(poll.Token)) == delay;
                    await poll.CancelAsync();
                }

                if (polled)
                {
                    lastPoll = _time.GetTimestamp();
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var left = work.Count(t => !t.IsCompleted);
        try
        {
            await Task.WhenAll(work);
        }
        catch (OperationCanceledException)
        {
        }

        WebhookDeliveryLog.Stopped(_logger, Owner, left);
    }

    private int MaxHeld()
    {
        lock (_slots)
        {
            return _slots.Count == 0 ? 0 : _slots.Values.Max(s => s.Held);
        }
    }

    /// <summary>The webhook's slots with this claim counted in, or null when it already holds all it may (left to the lease).</summary>
    private WebhookSlots? Take(WebhookDeliveryClaim claim)
    {
        var key = claim.Delivery.TenantId + "\n" + claim.Delivery.WebhookId;
        lock (_slots)
        {
            if (!_slots.TryGetValue(key, out var slots))
            {
                slots = new WebhookSlots(key, _options.PerWebhookLimit);
                _slots[key] = slots;
            }

            if (slots.Held >= HeldCap)
            {
                return null;
            }

            slots.Held++;
            Interlocked.Increment(ref _inHand);
            return slots;
        }
    }

    private async Task RunAsync(WebhookDeliveryClaim claim, WebhookSlots slots, CancellationToken stoppingToken)
    {
        var entered = false;
        try
        {
            await Task.Yield();
            await slots.Gate.WaitAsync(stoppingToken);
            entered = true;
            if (claim.LeaseUntil - _time.GetUtcNow() < WebhookLimits.AttemptTimeout + LeaseMargin)
            {
                _metrics.Deferred(); // waited too long for its webhook's slot: the lease returns it to whoever has room
                return;
            }

            await _deliverer.DeliverAsync(claim, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing recorded, the lease returns it.
        }
        catch (Exception e)
        {
            WebhookDeliveryLog.DeliveryFailed(_logger, claim.Delivery.Id, claim.Delivery.WebhookId, e);
        }
        finally
        {
            if (entered)
            {
                slots.Gate.Release();
            }

            lock (_slots)
            {
                if (--slots.Held == 0)
                {
                    _slots.Remove(slots.Key);
                    slots.Gate.Dispose();
                }
            }

            Interlocked.Decrement(ref _inHand);
            if (_freed.CurrentCount == 0)
            {
                _freed.Release();
            }
        }
    }

    private sealed class WebhookSlots(string key, int limit)
    {
        public string Key { get; } = key;

        public SemaphoreSlim Gate { get; } = new(limit, limit);

        public int Held { get; set; }
    }
}
