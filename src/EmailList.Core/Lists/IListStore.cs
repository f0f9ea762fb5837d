namespace EmailList.Core.Lists;

/// <summary>A tenant's lists. Every call but <see cref="GetByPublicKeyAsync"/> is scoped to one tenant.</summary>
public interface IListStore
{
    /// <summary>Stores a new list; ids and public keys are unique.</summary>
    Task AddAsync(MailingList list, CancellationToken cancellationToken);

    Task<MailingList?> GetAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>The list a public sign-up form posts to; the one unscoped read, since the public caller has no tenant.</summary>
    Task<MailingList?> GetByPublicKeyAsync(string publicKey, CancellationToken cancellationToken);

    /// <summary>Replaces the list's settings (not its id, tenant, public key or CreatedAt); null when there is no such list.</summary>
    Task<MailingList?> UpdateAsync(MailingList list, CancellationToken cancellationToken);

    /// <summary>Deletes the list and every subscription to it (the contacts stay); false when there was no such list.</summary>
    Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>By id, cursor-paged.</summary>
    Task<ListPage> ListAsync(string tenantId, ListQuery query, CancellationToken cancellationToken);
}
