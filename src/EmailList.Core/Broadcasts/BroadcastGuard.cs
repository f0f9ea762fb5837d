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
    private readonly ConcurrentDictionary<string, (string? Reason, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Null while sending may go on; else why it must pause, in words for the tenant.</summary>
    public async Task<string?> CheckAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var cached) && cached.Until > now)
        {
            return cached.Reason;
        }

        var o = options.Value;
        var counts = await events.CountAsync(tenantId, now - o.GuardWindow, now, StatsBucket.Hour, cancellationToken);
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
            var hours = o.GuardWindow.TotalHours.ToString("0.#", CultureInfo.InvariantCulture);
            if ((double)bounced / sent >= o.MaxBounceRate)
            {
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"Paused by the reputation guard: {bounced} of {sent} recipients bounced in the last {hours} h ({(double)bounced / sent:P2}), at or above {o.MaxBounceRate:P2}; SES reviews an account at 5 %. Remove bad addresses from the list, then resume.");
            }
            else if ((double)complained / sent >= o.MaxComplaintRate)
            {
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"Paused by the reputation guard: {complained} of {sent} recipients complained in the last {hours} h ({(double)complained / sent:P3}), at or above {o.MaxComplaintRate:P3}; SES reviews an account at 0.1 %. Send only to people who asked for this mail, then resume.");
            }
        }

        _cache[tenantId] = (reason, now + o.GuardCacheDuration);
        return reason;
    }
}
