namespace EmailList.Core.Suppression;

/// <summary>Writes go to the store first, then to the lookup, so a crash between them only over-suppresses until the cache is rebuilt.</summary>
public sealed class SuppressionList(ISuppressionStore store, ISuppressionLookup lookup, TimeProvider time)
{
    public async Task<SuppressionEntry> AddAsync(string tenantId, string email, SuppressionReason reason, string source, CancellationToken cancellationToken)
    {
        var entry = new SuppressionEntry(tenantId, EmailAddressNormalizer.Normalize(email), reason, source, time.GetUtcNow());
        await store.PutAsync(entry, cancellationToken);
        await lookup.AddedAsync(tenantId, entry.Email, cancellationToken);
        return entry;
    }

    public async Task<bool> RemoveAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        var normalized = EmailAddressNormalizer.Normalize(email);
        var removed = await store.RemoveAsync(tenantId, normalized, cancellationToken);
        await lookup.RemovedAsync(tenantId, normalized, cancellationToken);
        return removed;
    }

    public Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> normalizedEmails, CancellationToken cancellationToken) =>
        lookup.FindSuppressedAsync(tenantId, normalizedEmails, cancellationToken);
}
