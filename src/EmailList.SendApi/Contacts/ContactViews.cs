using EmailList.Core.Lists;

namespace EmailList.SendApi.Contacts;

/// <summary>A contact with every list it is on, as the contact endpoints answer it.</summary>
internal static class ContactViews
{
    public static async Task<ContactResponse> DescribeAsync(IContactStore store, Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(contact);
        return ContactResponse.From(contact, await store.GetSubscriptionsAsync(contact.TenantId, contact.Id, cancellationToken));
    }
}
