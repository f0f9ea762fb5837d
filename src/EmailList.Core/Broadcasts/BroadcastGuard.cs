using System.Collections.Concurrent;
using System.Globalization;
using EmailList.Core.Events;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// Whether a tenant's broadcasts must stop: its bounce or complaint rate per recipient over
/// <see cref="BroadcastOptions.GuardWindow"/> (from its SES events, as /stats computes them) has reached the configured
/// share of SES's review thresholds, on at least <see cref="BroadcastOptions.GuardMinimumSends"/> recipients. Read at most
/// every <see cref="BroadcastOptions.GuardCacheDuration"/> per tenant.
/// </summary>
public sealed class BroadcastGuard(IEventStore events, IOptions<BroadcastOptions> options, TimeProvider time)
{
    /// <summary>How every reason the guard gives begins, so a guard pause can be told from the tenant's own.</summary>
    public const string ReasonPrefix = "Paused by the reputation guard:";

    private readonly ConcurrentDictionary<(string TenantId, DateTimeOffset? Since), (string? Reason, DateTimeOffset Until)> _cache = new();

    /// <summary>Whether the broadcast is paused because of the guard (its reason is the guard's), not by the tenant.</summary>
    public static bool PausedByGuard(Broadcast broadcast)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        return broadcast.Status == BroadcastStatus.Paused && broadcast.PauseReason?.StartsWith(ReasonPrefix, StringComparison.Ordinal) == true;
    }

    /// <summary>Null while sending may go on; else why it must pause, in words for the tenant.</summary>
    public Task<string?> CheckAsync(string tenantId, CancellationToken cancellationToken) => CheckAsync(tenantId, null, cancellationToken);

    /// <summary>
    /// As <see cref="CheckAsync(string, CancellationToken)"/>, but counting only events at or after
    /// <paramref name="since"/> when it is inside the window: a broadcast resumed past a guard pause
    /// (<see cref="Broadcast.GuardAcknowledgedAt"/>) is judged by what was sent after the resume, not paused again at once
    /// by the rates the tenant acknowledged.
    /// </summary>
    public async Task<string?> CheckAsync(string tenantId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((tenantId, since), out var cached) && cached.Until > now)
        {
            return cached.Reason;
        }

        var o = options.Value;
        var from = since is { } acknowledged && acknowledged > now - o.GuardWindow ? acknowledged : now - o.GuardWindow;
        var counts = await events.CountAsync(tenantId, from, now, StatsBucket.Hour, cancellationToken);
        long sent = 0, bounced = 0, complained = 0;
        foreach (var count in counts)
        {
            switch (count.Type)
            {
                case SesEventType.Send:
                    sent += count.Recipients;
                    break;
                case SesEventType.Bounce:
                    bounced += count.Recipients;
                    break;
                case SesEventType.Complaint:
                    complained += count.Recipients;
                    break;
            }
        }

        string? reason = null;
        if (sent >= o.GuardMinimumSends)
        {
            var hours = from == now - o.GuardWindow
                ? "in the last " + o.GuardWindow.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h"
                : "since the acknowledged resume at " + from.ToString("u", CultureInfo.InvariantCulture);
            if ((double)bounced / sent >= o.MaxBounceRate)
            {
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"{ReasonPrefix} {bounced} of {sent} recipients bounced {hours} ({(double)bounced / sent:P2}), at or above {o.MaxBounceRate:P2}; SES reviews an account at 5 %. Remove bad addresses from the list, then resume.");
            }
            else if ((double)complained / sent >= o.MaxComplaintRate)
            {
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"{ReasonPrefix} {complained} of {sent} recipients complained {hours} ({(double)complained / sent:P3}), at or above {o.MaxComplaintRate:P3}; SES reviews an account at 0.1 %. Send only to people who asked for this mail, then resume.");
            }
        }

        _cache[(tenantId, since)] = (reason, now + o.GuardCacheDuration);
        return reason;
    }
}
