using EmailList.Core.Suppression;

namespace EmailList.EventIngester.Tests;

/// <summary>The real suppression store, except that writes throw while <see cref="FailPuts"/> is set.</summary>
public sealed class FlakySuppressionStore(ISuppressionStore inner) : ISuppressionStore
{
    public bool FailPuts { get; set; }

    public Task PutAsync(SuppressionEntry entry, CancellationToken cancellationToken) =>
        FailPuts ? throw new IOException("disk I/O error (injected)") : inner.PutAsync(entry, cancellationToken);

    public Task<bool> RemoveAsync(string tenantId, string email, CancellationToken cancellationToken) =>
        inner.RemoveAsync(tenantId, email, cancellationToken);

    public Task<SuppressionEntry?> GetAsync(string tenantId, string email, CancellationToken cancellationToken) =>
        inner.GetAsync(tenantId, email, cancellationToken);

    public Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken) =>
        inner.FindSuppressedAsync(tenantId, emails, cancellationToken);

    public Task<SuppressionPage> ListAsync(string tenantId, SuppressionQuery query, CancellationToken cancellationToken) =>
        inner.ListAsync(tenantId, query, cancellationToken);
}
