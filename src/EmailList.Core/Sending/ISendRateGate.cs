using EmailList.Core.Tenants;

namespace EmailList.Core.Sending;

/// <summary>
/// Paces sends to a tenant's SES account within its MaxSendRate, which SES counts per recipient, across every
/// instance that sends for the tenant.
/// </summary>
public interface ISendRateGate
{
    /// <summary>Waits until <paramref name="recipients"/> more recipients may be sent to now.</summary>
    ValueTask WaitAsync(Tenant tenant, int recipients, CancellationToken cancellationToken);
}
