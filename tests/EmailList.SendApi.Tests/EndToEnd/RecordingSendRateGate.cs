using System.Collections.Concurrent;
using EmailList.Core.Sending;
using EmailList.Core.Tenants;

namespace EmailList.SendApi.Tests.EndToEnd;

/// <summary>Lets every send through and records who waited for how many recipients.</summary>
public sealed class RecordingSendRateGate : ISendRateGate
{
    public ConcurrentQueue<(string TenantId, int Recipients)> Waits { get; } = new();

    public ValueTask WaitAsync(Tenant tenant, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        Waits.Enqueue((tenant.Id, recipients));
        return ValueTask.CompletedTask;
    }
}
