using System.Collections.Concurrent;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Scheduling;
using EmailList.Core.Sending;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// Moves broadcasts along for the dispatcher: starts those due, queues their recipients as scheduled mail a window
/// ahead of sending, pauses them when the <see cref="BroadcastGuard"/> says so, counts their progress and marks them
/// Sent. Queuing writes the mail first and the cursor after, and a contact's mail id is derived from broadcast and
/// contact, so a crash between the two re-adds nothing: nobody is mailed twice and nobody is left out.
/// </summary>
public sealed class BroadcastExpander(
    IBroadcastStore broadcasts,
    IScheduledMailStore mail,
    IContactStore contacts,
    TenantDirectory tenants,
    SesSendRates rates,
    BroadcastGuard guard,
    IOptions<BroadcastOptions> options,
    TimeProvider time,
    ILogger<BroadcastExpander> logger)
{
    // Recounting a broadcast reads an index entry per recipient, so a large one is recounted less often (about
    // every ProgressInterval per 20,000 recipients); between counts, what is waiting is estimated from the last count,
    // what was queued since and the tenant's pacing rate, which only ever sends slower.
    private const double RecipientsPerInterval = 20_000;

    private readonly ConcurrentDictionary<(string, string), BroadcastProgress> _counted = new();
    private readonly ConcurrentDictionary<(string, string), int> _queuedSinceCount = new();

    /// <summary>This instance's expansion lease owner, unique per process start.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        BroadcastLog.Started(logger, Owner, options.Value.PollInterval, options.Value.PageSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        BroadcastLog.Stopped(logger, Owner);
    }

    /// <summary>One pass over every active broadcast.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Broadcast> active;
        try
        {
            active = await broadcasts.ListActiveAsync(1000, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            BroadcastLog.ListFailed(logger, e);
            return;
        }

        foreach (var broadcast in active)
        {
            try
            {
                await StepAsync(broadcast, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                BroadcastLog.StepFailed(logger, e, broadcast.Id, broadcast.TenantId);
            }
        }
    }

    private async Task StepAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (broadcast.Status == BroadcastStatus.Scheduled)
        {
            if (broadcast.ScheduledAt > now)
            {
                return;
            }

            var started = await BroadcastTransitions.ApplyAsync(broadcasts, broadcast.TenantId, broadcast.Id,
                b => b.Status == BroadcastStatus.Scheduled ? b with { Status = BroadcastStatus.Sending, StartedAt = now, UpdatedAt = now } : null,
                cancellationToken);
            if (!started.Changed)
            {
                return;
            }

            BroadcastLog.StartedSending(logger, broadcast.Id, broadcast.TenantId);
            broadcast = started.Broadcast!;
        }

        if (broadcast.Status == BroadcastStatus.Sending)
        {
            if (await guard.CheckAsync(broadcast.TenantId, broadcast.GuardAcknowledgedAt, cancellationToken) is { } reason)
            {
                var paused = await BroadcastTransitions.ApplyAsync(broadcasts, broadcast.TenantId, broadcast.Id,
                    b => b.Status == BroadcastStatus.Sending ? b with { Status = BroadcastStatus.Paused, PauseReason = reason, UpdatedAt = now } : null,
                    cancellationToken);
                if (paused.Changed)
                {
                    BroadcastLog.Guarded(logger, broadcast.Id, broadcast.TenantId, reason);
                }

                return;
            }

            if (await CountAsync(broadcast, cancellationToken) && !broadcast.Expanded)
            {
                await ExpandAsync(broadcast, cancellationToken);
            }

            return;
        }

        await CountAsync(broadcast, cancellationToken);
    }

    /// <summary>Queues the next contacts until the window ahead of sending is full or the list is done.</summary>
    internal async Task ExpandAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (await tenants.GetAsync(broadcast.TenantId, cancellationToken) is not { CanSend: true } tenant
            || !await broadcasts.TryLeaseExpansionAsync(broadcast.TenantId, broadcast.Id, Owner, now, now + o.ExpansionLease, cancellationToken))
        {
            return; // the dispatcher fails a tenant that cannot send; another instance holds this expansion
        }

        var rate = await rates.GetPacingRateAsync(tenant, cancellationToken);
        var window = Math.Max(rate * o.Window.TotalSeconds, o.MinimumWindow);
        var key = (broadcast.TenantId, broadcast.Id);
        var waiting = _counted.TryGetValue(key, out var counted) && counted.At is { } at
            ? Math.Max(0, counted.Queued + _queuedSinceCount.GetValueOrDefault(key) - (rate * (now - at).TotalSeconds))
            : await WaitingAsync(broadcast, cancellationToken);
        var cursor = broadcast.ExpansionCursor;
        while (waiting < window && !cancellationToken.IsCancellationRequested)
        {
            var page = await contacts.ListSubscribersAsync(broadcast.TenantId, broadcast.ListId, cursor, o.PageSize, cancellationToken);
            var queued = page
                .Where(s => BroadcastSegment.Matches(broadcast.Segment, s.Contact))
                .Select(s => MailFor(broadcast, s.Contact.Id, now))
                .ToList();
            var added = await mail.AddManyAsync(queued, cancellationToken);
            waiting += queued.Count;
            _queuedSinceCount.AddOrUpdate(key, added, (_, n) => n + added);
            var last = page.Count < o.PageSize;
            if (page.Count > 0)
            {
                cursor = page[^1].Contact.Id;
            }

            if (!await broadcasts.WriteExpansionAsync(broadcast.TenantId, broadcast.Id, Owner, cursor, last, cancellationToken))
            {
                return; // the lease was lost: the new holder goes on from the cursor it finds
            }

            BroadcastLog.Queued(logger, added, broadcast.Id, broadcast.TenantId, cursor);
            if (last)
            {
                BroadcastLog.Expanded(logger, broadcast.Id, broadcast.TenantId);
                return;
            }
        }
    }

    /// <summary>A contact's mail of a broadcast; its id is the same however often it is made.</summary>
    public static ScheduledMail MailFor(Broadcast broadcast, string contactId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        return new ScheduledMail
        {
            TenantId = broadcast.TenantId,
            Id = RandomId.Derive(ScheduledMailId.Prefix, broadcast.Id, contactId),
            ScheduledAt = now,
            Content = string.Empty,
            Recipients = 1,
            BroadcastId = broadcast.Id,
            ContactId = contactId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private async Task<double> WaitingAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        var counts = await mail.CountBroadcastAsync(broadcast.TenantId, broadcast.Id, cancellationToken);
        return counts.GetValueOrDefault(ScheduledMailStatus.Scheduled) + counts.GetValueOrDefault(ScheduledMailStatus.Sending);
    }

    /// <summary>
    /// Recounts the broadcast's mail when the last count is old enough, writes the progress, and ends a broadcast with
    /// nothing left to send. False when it ended (or is gone), so there is nothing more to queue.
    /// </summary>
    private async Task<bool> CountAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = (broadcast.TenantId, broadcast.Id);
        var previous = _counted.TryGetValue(key, out var counted) ? counted : broadcast.Progress;
        var interval = options.Value.ProgressInterval * Math.Max(1, previous.Total / RecipientsPerInterval);
        if (previous.At is { } at && now - at < interval)
        {
            return true;
        }

        var counts = await mail.CountBroadcastAsync(broadcast.TenantId, broadcast.Id, cancellationToken);
        var sent = counts.GetValueOrDefault(ScheduledMailStatus.Sent);
        var rate = previous.At is { } before && now > before
            ? Math.Max(0, sent - previous.Sent) / (now - before).TotalSeconds
            : 0;
        var progress = new BroadcastProgress(
            counts.GetValueOrDefault(ScheduledMailStatus.Scheduled) + counts.GetValueOrDefault(ScheduledMailStatus.Sending),
            sent,
            counts.GetValueOrDefault(ScheduledMailStatus.Skipped) + counts.GetValueOrDefault(ScheduledMailStatus.Cancelled),
            counts.GetValueOrDefault(ScheduledMailStatus.Failed),
            rate,
            now);
        await broadcasts.WriteProgressAsync(broadcast.TenantId, broadcast.Id, progress, cancellationToken);
        _counted[key] = progress;
        _queuedSinceCount.TryRemove(key, out _);

        if (progress.Queued > 0)
        {
            return true;
        }

        // Expanded was read before this count, and every mail is added before Expanded is written: none is missed.
        var done = await BroadcastTransitions.ApplyAsync(broadcasts, broadcast.TenantId, broadcast.Id,
            b => b switch
            {
                { Status: BroadcastStatus.Sending, Expanded: true } when broadcast.Expanded => b with { Status = BroadcastStatus.Sent, CompletedAt = now, UpdatedAt = now },
                { Status: BroadcastStatus.Cancelled, CompletedAt: null } => b with { CompletedAt = now, UpdatedAt = now },
                _ => null,
            },
            cancellationToken);
        if (done.Changed)
        {
            _counted.TryRemove(key, out _);
            BroadcastLog.Completed(logger, broadcast.Id, broadcast.TenantId, progress.Sent, progress.Skipped, progress.Failed);
        }

        return !done.Changed;
    }
}
