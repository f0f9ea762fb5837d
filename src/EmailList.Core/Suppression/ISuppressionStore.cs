namespace EmailList.Core.Suppression;

/// <summary>The durable per-tenant suppression list. Every call is scoped to one tenant.</summary>
public interface ISuppressionStore
{
    /// <summary>Inserts or replaces the entry for (tenant, email).</summary>
    Task PutAsync(SuppressionEntry entry, CancellationToken cancellationToken);

    /// <summary>False when the address was not on the list.</summary>
    Task<bool> RemoveAsync(string tenantId, string email, CancellationToken cancellationToken);

    Task<SuppressionEntry?> GetAsync(string tenantId, string email, CancellationToken cancellationToken);

    /// <summary>Which of the given normalized addresses are suppressed for the tenant.</summary>
    Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken);

    Task<SuppressionPage> ListAsync(string tenantId, SuppressionQuery query, CancellationToken cancellationToken);
}
