using EmailList.Core.Ses;
using EmailList.Core.Suppression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.QueryApi.Suppression;

/// <summary>
/// Syncs the tenant's list with the SES account-level suppression list of the tenant's own account. Pull adds what
/// SES has and we lack; push puts our BOUNCE and COMPLAINT entries that SES lacks (SES accepts no other reasons).
/// Neither side loses an entry, so a sync can be re-run after a failure and picks up where it stopped.
/// </summary>
internal sealed class SuppressionSync(
    ISuppressionStore store, SuppressionList list, ISesClient ses, IOptions<QueryOptions> options, ILogger<SuppressionSync> logger)
{
    public const string Source = "ses-sync";

    private const int SesPageSize = 1000;
    private const int StorePageSize = 1000;
    private const int Parallelism = 4;

    public async Task<SyncResponse> RunAsync(string tenantId, SesSession session, string direction, bool pull, bool push, CancellationToken cancellationToken)
    {
        var (inSes, sesComplete) = await ReadSesListAsync(session, cancellationToken);
        var notes = new List<string>();
        SyncPullResult? pulled = null;
        if (pull)
        {
            pulled = await PullAsync(tenantId, inSes, sesComplete, cancellationToken);
        }

        SyncPushResult? pushed = null;
        if (push)
        {
            pushed = await PushAsync(tenantId, session, inSes, cancellationToken);
            if (pushed.SkippedManual + pushed.SkippedUnsubscribe > 0)
            {
                notes.Add($"{pushed.SkippedManual} MANUAL and {pushed.SkippedUnsubscribe} UNSUBSCRIBE entries were not pushed: SES's account-level " +
                    "suppression list accepts only the reasons BOUNCE and COMPLAINT. They stay on this list, and EmailList keeps suppressing them.");
            }
        }

        if (!sesComplete || pushed is { Complete: false })
        {
            notes.Add($"One sync reads at most {options.Value.MaxSyncEntries} entries from each list; run it again to continue.");
        }

        QueryApiLog.Synced(logger, tenantId, direction, pulled?.Added ?? 0, pushed?.Pushed ?? 0);
        return new SyncResponse(direction, pulled, pushed, notes);
    }

    private async Task<(Dictionary<string, string> Entries, bool Complete)> ReadSesListAsync(SesSession session, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await ses.ListSuppressedDestinationsAsync(session, token, SesPageSize, cancellationToken);
            foreach (var item in page.Items)
            {
                entries[EmailAddressNormalizer.Normalize(item.EmailAddress)] = item.Reason;
            }

            token = page.NextToken;
            if (entries.Count >= options.Value.MaxSyncEntries)
            {
                return (entries, token is null);
            }
        }
        while (token is not null);

        return (entries, true);
    }

    private async Task<SyncPullResult> PullAsync(string tenantId, Dictionary<string, string> inSes, bool complete, CancellationToken cancellationToken)
    {
        var added = 0;
        var present = 0;
        foreach (var batch in inSes.Keys.Chunk(100))
        {
            var ours = await store.FindSuppressedAsync(tenantId, batch, cancellationToken);
            present += ours.Count;
            var missing = batch.Where(e => !ours.Contains(e)).ToList();
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (email, ct) =>
                {
                    var reason = inSes[email] == "COMPLAINT" ? SuppressionReason.Complaint : SuppressionReason.Bounce;
                    await list.AddAsync(tenantId, email, reason, Source, ct);
                });
            added += missing.Count;
        }

        return new SyncPullResult(inSes.Count, added, present, complete);
    }

    private async Task<SyncPushResult> PushAsync(string tenantId, SesSession session, Dictionary<string, string> inSes, CancellationToken cancellationToken)
    {
        int pushed = 0, already = 0, manual = 0, unsubscribe = 0, read = 0;
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(tenantId, new SuppressionQuery(Limit: StorePageSize, Cursor: cursor), cancellationToken);
            var toPut = new List<SuppressionEntry>();
            foreach (var entry in page.Items)
            {
                switch (entry.Reason)
                {
                    case SuppressionReason.Manual:
                        manual++;
                        break;
                    case SuppressionReason.Unsubscribe:
                        unsubscribe++;
                        break;
                    case var _ when inSes.ContainsKey(entry.Email):
                        already++;
                        break;
                    default:
                        toPut.Add(entry);
                        break;
                }
            }

            await Parallel.ForEachAsync(toPut, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (entry, ct) => await ses.PutSuppressedDestinationAsync(session, entry.Email,
                    entry.Reason == SuppressionReason.Complaint ? "COMPLAINT" : "BOUNCE", ct));
            pushed += toPut.Count;
            read += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null && read < options.Value.MaxSyncEntries);

        return new SyncPushResult(pushed, already, manual, unsubscribe, cursor is null);
    }
}
