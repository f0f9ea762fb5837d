namespace EmailList.Core.Suppression;

/// <summary>
/// The hot-path read of the suppression list (a cache in front of <see cref="ISuppressionStore"/>),
/// told of every change so reader and writer share one key format.
/// </summary>
public interface ISuppressionLookup
{
    Task<IReadOnlySet<string>> FindSuppressedAsync(string tenantId, IReadOnlyCollection<string> emails, CancellationToken cancellationToken);

    Task AddedAsync(string tenantId, string email, CancellationToken cancellationToken);

    Task RemovedAsync(string tenantId, string email, CancellationToken cancellationToken);
}
