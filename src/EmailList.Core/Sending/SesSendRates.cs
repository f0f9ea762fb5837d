using System.Collections.Concurrent;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Sending;

/// <summary>
/// Each tenant's SES MaxSendRate (recipients per second) and 24-hour quota from GetAccount through the tenant's role,
/// cached per tenant and read again every <see cref="SendRateOptions.RefreshInterval"/>, so a raised quota is used
/// within minutes. Between readings, the recipients this process sent are added to SES's SentLast24Hours.
/// </summary>
public sealed class SesSendRates(
    TenantCredentialBroker credentials,
    ISesClient ses,
    IOptions<SendRateOptions> options,
    TimeProvider time,
    ILogger<SesSendRates> logger)
{
    private readonly ConcurrentDictionary<string, Known> _rates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SentSince> _sentSinceRead = new(StringComparer.Ordinal);

    /// <summary>The recipients per second to pace the tenant at: its MaxSendRate times <see cref="SendRateOptions.Utilization"/>.</summary>
    public async ValueTask<double> GetPacingRateAsync(Tenant tenant, CancellationToken cancellationToken) =>
        await GetMaxSendRateAsync(tenant, cancellationToken) * options.Value.Utilization;

    public async ValueTask<double> GetMaxSendRateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var now = time.GetUtcNow();
        if (_rates.TryGetValue(tenant.Id, out var known) && known.Until > now)
        {
            return known.Rate;
        }

        try
        {
            var session = new SesSession(await credentials.GetCredentialsAsync(tenant, cancellationToken), tenant.Region!);
            var account = await ses.GetAccountAsync(session, cancellationToken);
            var rate = account.MaxSendRate > 0 ? account.MaxSendRate : options.Value.FallbackRate;
            if (known is null || known.Rate != rate)
            {
                SendRateLog.RateRead(logger, tenant.Id, rate);
            }

            _rates[tenant.Id] = new Known(rate, now + options.Value.RefreshInterval, account.Max24HourSend, account.SentLast24Hours);
            _sentSinceRead[tenant.Id] = new SentSince();
            return rate;
        }
        catch (Exception e) when (e is SesException or RoleAssumptionException or HttpRequestException or TimeoutException)
        {
            // Keep pacing at the last rate SES gave; never faster than the fallback when none is known.
            var rate = known?.Rate ?? options.Value.FallbackRate;
            SendRateLog.RateUnknown(logger, e, tenant.Id, rate);
            _rates[tenant.Id] = new Known(rate, now + options.Value.RetryInterval, known?.Max24HourSend ?? 0, known?.SentLast24Hours ?? 0);
            return rate;
        }
    }

    /// <summary>Counts recipients this process sent for the tenant, against its 24-hour quota until GetAccount is read again.</summary>
    public void NoteSent(string tenantId, int recipients) =>
        Interlocked.Add(ref _sentSinceRead.GetOrAdd(tenantId, _ => new SentSince()).Recipients, recipients);

    /// <summary>
    /// Whether <paramref name="recipients"/> more fit in the tenant's 24-hour quota while keeping
    /// <see cref="SendRateOptions.DailyQuotaReserve"/> of it free (for the tenant's transactional mail). True when the
    /// quota is unknown or unlimited (Max24HourSend not positive): SES then answers for itself.
    /// </summary>
    public async ValueTask<bool> HasDailyRoomAsync(Tenant tenant, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await GetMaxSendRateAsync(tenant, cancellationToken);
        if (!_rates.TryGetValue(tenant.Id, out var known) || known.Max24HourSend <= 0)
        {
            return true;
        }

        var sent = known.SentLast24Hours + Volatile.Read(ref _sentSinceRead.GetOrAdd(tenant.Id, _ => new SentSince()).Recipients);
        return sent + recipients <= known.Max24HourSend * (1 - options.Value.DailyQuotaReserve);
    }

    private sealed record Known(double Rate, DateTimeOffset Until, double Max24HourSend, double SentLast24Hours);

    private sealed class SentSince
    {
        public long Recipients;
    }
}
