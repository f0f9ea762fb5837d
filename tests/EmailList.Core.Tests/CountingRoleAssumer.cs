using EmailList.Core.Credentials;

namespace EmailList.Core.Tests;

/// <summary>Stands in for STS: issues credentials valid for the requested duration on the given clock, and counts calls.</summary>
internal sealed class CountingRoleAssumer(TimeProvider time) : IRoleAssumer
{
    private int _calls;

    public int Calls => _calls;

    public List<RoleAssumptionRequest> Requests { get; } = [];

    public TimeSpan Delay { get; set; }

    public async Task<TemporaryCredentials> AssumeRoleAsync(RoleAssumptionRequest request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        lock (Requests)
        {
            Requests.Add(request);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        return new TemporaryCredentials($"ASIA{n:D16}", $"secret-{n}", $"token-{n}", time.GetUtcNow() + request.Duration);
    }
}
