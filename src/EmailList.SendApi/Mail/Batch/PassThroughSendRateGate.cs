using EmailList.Core.Sending;
using EmailList.Core.Tenants;

namespace EmailList.SendApi.Mail.Batch;

/// <summary>
/// Lets every send through at once. A placeholder registered with TryAdd until the dispatcher's gates (in-process token
/// bucket, Redis across instances) are merged; they replace it, and then the batch is paced to the account's MaxSendRate.
/// </summary>
public sealed class PassThroughSendRateGate : ISendRateGate
{
    public ValueTask WaitAsync(Tenant tenant, int recipients, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
