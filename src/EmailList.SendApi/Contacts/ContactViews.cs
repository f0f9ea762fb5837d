using EmailList.Core.Lists;

namespace EmailList.SendApi.Contacts;

/// <summary>Reads a contact with all its subscriptions through the store's query (by its address), the one read that returns them together.</summary>
internal static class ContactViews
{
    private const int PageSize = 100;
    private const int MaxPages = 50;

    public static async Task<ContactResponse> DescribeAsync(IContactStore store, Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await store.QueryAsync(contact.TenantId, new ContactQuery(Text: contact.Email, Limit: PageSize, Cursor: cursor), cancellationToken);
            if (result.Items.FirstOrDefault(v => v.Contact.Id == contact.Id) is { } view)
            {
                return ContactResponse.From(view.Contact, view.Subscriptions);
            }

            if ((cursor = result.NextCursor) is null)
            {
                break;
            }
        }

        return ContactResponse.From(contact, []);
    }
}
