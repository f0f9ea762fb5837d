using System.Collections.Concurrent;
using EmailList.Core.Lists;

namespace EmailList.SendApi.Tests.Lists;

/// <summary>Stands in for the lists' real confirmation mailer: records each pending subscription it is asked to mail, stores it as sent.</summary>
public sealed class RecordingConfirmationMailer(IContactStore contacts, TimeProvider time) : IConfirmationMailer
{
    public ConcurrentQueue<(string TenantId, string ListId, string Email)> Sent { get; } = new();

    public async Task<(Subscription Subscription, bool Queued)> SendAsync(MailingList list, Contact contact, Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(contact);
        var sent = subscription with { ConfirmationNonce = Guid.NewGuid().ToString("N"), ConfirmationSentAt = time.GetUtcNow() };
        await contacts.PutSubscriptionAsync(sent, cancellationToken);
        Sent.Enqueue((list.TenantId, list.Id, contact.Email));
        return (sent, true);
    }

    public int SentTo(string tenantId, string email) => Sent.Count(s => s.TenantId == tenantId && s.Email == email);

    public int SentFor(string tenantId, string listId) => Sent.Count(s => s.TenantId == tenantId && s.ListId == listId);
}
