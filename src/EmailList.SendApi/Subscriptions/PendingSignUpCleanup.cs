using EmailList.Core.Lists;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// Deletes sign-ups never confirmed within Lists:PendingRetention (and contacts left with nothing), every
/// Lists:SignUp:CleanupInterval. Every instance may run it: a delete is the same whoever does it.
/// </summary>
public sealed class PendingSignUpCleanup(
    IContactStore contacts,
    IOptions<ListOptions> lists,
    IOptions<SignUpOptions> signUp,
    TimeProvider time,
    ILogger<PendingSignUpCleanup> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(signUp.Value.CleanupInterval, time);
        do
        {
            try
            {
                await DeleteStaleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                PublicListLog.StaleDeleteFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: batches until one comes back short.</summary>
    public async Task<int> DeleteStaleAsync(CancellationToken cancellationToken)
    {
        var createdBefore = time.GetUtcNow() - lists.Value.PendingRetention;
        var total = 0;
        int deleted;
        do
        {
            deleted = await contacts.DeleteStalePendingAsync(createdBefore, BatchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            PublicListLog.StaleDeleted(logger, total, createdBefore);
        }

        return total;
    }
}
