using System.Collections.Concurrent;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Sending;

/// <summary>
/// Each tenant's SES MaxSendRate (recipients per second) from GetAccount through the tenant's role, cached per tenant
/// and read again every <see cref="SendRateOptions.RefreshInterval"/>, so a raised quota is used within minutes.
/// </summary>
public sealed class SesSendRates(
    TenantCredentialBroker credentials,
    ISesClient ses,
    IOptions<SendRateOptions> options,
    TimeProvider time,
    ILogger<SesSendRates> logger)
{
    private readonly ConcurrentDictionary<string, Known> _rates = new(StringComparer.Ordinal);

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

            _rates[tenant.Id] = new Known(rate, now + options.Value.RefreshInterval);
            return rate;
        }
        catch (Exception e) when (e is SesException or RoleAssumptionException or HttpRequestException or TimeoutException)
        {
            // Keep pacing at the last rate SES gave; never faster than the fallback when none is known.
            var rate = known?.Rate ?? options.Value.FallbackRate;
            SendRateLog.RateUnknown(logger, e, tenant.Id, rate);
            _rates[tenant.Id] = new Known(rate, now + options.Value.RetryInterval);
            return rate;
        }
    }

    private sealed record Known(double Rate, DateTimeOffset Until);
}
