namespace EmailList.Core.Suppression;

/// <summary>Reads the store directly: the embedded default, where the store is local.</summary>
public sealed class StoreSuppressionLookup(ISuppressionStore store) : ISuppressionLookup
{
    public Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken) =>
        store.FindSuppressedAsync(tenantId, emails, cancellationToken);

    public Task AddedAsync(string tenantId, string email, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemovedAsync(string tenantId, string email, CancellationToken cancellationToken) => Task.CompletedTask;
}
