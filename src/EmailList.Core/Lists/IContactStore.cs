namespace EmailList.Core.Lists;

/// <summary>
/// A tenant's contacts and their subscriptions. Every call is scoped to one tenant except the pending clean-up, which
/// serves every tenant. Addresses are stored normalized (<see cref="Suppression.EmailAddressNormalizer"/>).
/// </summary>
public interface IContactStore
{
    /// <summary>
    /// The contact with <paramref name="candidate"/>'s address if the tenant has one (unchanged), else <paramref name="candidate"/>
    /// stored. Concurrent calls for one address end with one contact.
    /// </summary>
    Task<Contact> GetOrAddAsync(Contact candidate, CancellationToken cancellationToken);

    Task<Contact?> GetAsync(string tenantId, string contactId, CancellationToken cancellationToken);

    Task<Contact?> FindByEmailAsync(string tenantId, string email, CancellationToken cancellationToken);

    /// <summary>Replaces the attributes; null when there is no such contact.</summary>
    Task<Contact?> UpdateAttributesAsync(string tenantId, string contactId, string attributes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Erases the contact (GDPR): the contact and all its subscriptions are deleted, and only
    /// <see cref="ErasedAddress.Hash"/> of its address is kept (<see cref="IsErasedAsync"/>). False when there was no such contact.
    /// </summary>
    Task<bool> EraseAsync(string tenantId, string contactId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether an address of this tenant was erased (and not signed up again by its owner since).</summary>
    Task<bool> IsErasedAsync(string tenantId, string email, CancellationToken cancellationToken);

    /// <summary>Forgets an erasure: the owner of the address signed up again through the form and confirmed.</summary>
    Task ClearErasureAsync(string tenantId, string email, CancellationToken cancellationToken);

    Task<Subscription?> GetSubscriptionAsync(string tenantId, string listId, string contactId, CancellationToken cancellationToken);

    /// <summary>Every subscription of one contact (each list it is on), by list id; empty when it has none or there is no such contact.</summary>
    Task<IReadOnlyList<Subscription>> GetSubscriptionsAsync(string tenantId, string contactId, CancellationToken cancellationToken);

    /// <summary>Writes the subscription as given (insert or replace); <see cref="InvalidOperationException"/> when the tenant has no such contact.</summary>
    Task PutSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken);

    /// <summary>
    /// Pending with this nonce -> Subscribed (ConfirmedAt = now, and an earlier unsubscribe cleared); see
    /// <see cref="ConfirmOutcome"/> for the rest. Atomic.
    /// </summary>
    Task<ConfirmOutcome> ConfirmAsync(string tenantId, string listId, string contactId, string nonce, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Any status -> Unsubscribed with the reason (an Unsubscribed one is left as it was); null when there is no such
    /// subscription. Idempotent.
    /// </summary>
    Task<Subscription?> UnsubscribeAsync(string tenantId, string listId, string contactId, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes the subscription; false when there was none.</summary>
    Task<bool> DeleteSubscriptionAsync(string tenantId, string listId, string contactId, CancellationToken cancellationToken);

    Task<ContactPage> QueryAsync(string tenantId, ContactQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The list's Subscribed contacts in contact-id order after <paramref name="afterContactId"/>, at most
    /// <paramref name="limit"/>: how a broadcast walks its list, resumable from the last id it wrote down.
    /// </summary>
    Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(string tenantId, string listId, string? afterContactId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes, across tenants, up to <paramref name="limit"/> Pending subscriptions created before
    /// <paramref name="createdBefore"/> (sign-ups never confirmed), and each such contact left with no subscription. A
    /// Pending subscription that still carries an <see cref="Subscription.UnsubscribedAt"/> (the contact had unsubscribed,
    /// then signed up again) is not deleted but returns to Unsubscribed with that record and no confirmation nonce, so the
    /// unsubscribe is never forgotten. The count deleted or returned.
    /// </summary>
    Task<int> DeleteStalePendingAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken);
}
