using System.Security.Cryptography;
using System.Text;
using EmailList.Core.Identifiers;
using EmailList.Core.Paging;

namespace EmailList.Core.Lists;

/// <summary>
/// A <see cref="ContactQuery"/> checked and read the same way by every <see cref="IContactStore"/>. Without a list the
/// contacts come in contact-id order; with a list, in (status on that list, contact id) order, which is the order of the
/// list's index in both stores (with a status filter that is simply contact-id order). The cursor is base64url of
/// "contacts, tenant id, a fingerprint of the filters, the last status, the last id": refused for another tenant and for
/// other filters, so a page never continues a different listing.
/// </summary>
public sealed record ContactRange
{
    public const int MaxPageSize = 100;

    /// <summary>The longest <see cref="ContactQuery.Text"/>: no address is longer.</summary>
    public const int MaxTextLength = 320;

    private ContactRange(string tenantId, ContactQuery query, string? text)
    {
        TenantId = tenantId;
        ListId = query.ListId;
        Status = query.Status;
        Text = text;
        Limit = query.Limit;
    }

    public string TenantId { get; }

    public string? ListId { get; }

    public SubscriptionStatus? Status { get; }

    /// <summary>The substring, lower-cased as the stored addresses are; null for none.</summary>
    public string? Text { get; }

    public int Limit { get; }

    /// <summary>How many contacts a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => Limit + 1;

    /// <summary>With a list: the status on it of the previous page's last contact.</summary>
    public SubscriptionStatus? AfterStatus { get; private init; }

    /// <summary>The previous page's last contact id; the range starts after it (after (<see cref="AfterStatus"/>, id) with a list).</summary>
    public string? AfterContactId { get; private init; }

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/>
    /// for a status without a list, an over-long text, or a cursor not handed out to this tenant for these filters.
    /// </summary>
    public static ContactRange From(string tenantId, ContactQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        if (query.Status is not null && query.ListId is null)
        {
            throw new ArgumentException("A status filter needs a list: the status is a subscription's, on one list.", nameof(query));
        }

        if (query.Text is { Length: > MaxTextLength })
        {
            throw new ArgumentException($"The text filter is at most {MaxTextLength} characters.", nameof(query));
        }

        var text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim().ToLowerInvariant();
        var range = new ContactRange(tenantId, query, text);
        return query.Cursor is null ? range : range.Decode(query.Cursor);
    }

    /// <summary>The page of up to <see cref="Take"/> contacts read in this range's order, with a cursor when more follow.</summary>
    public ContactPage ToPage(List<ContactView> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Count <= Limit)
        {
            return new ContactPage(read, null);
        }

        read.RemoveRange(Limit, read.Count - Limit);
        var last = read[^1];
        // A store reads the list's subscription with the contact; should it have gone meanwhile, resume from the status
        // the page began with, which can repeat a contact on the next page but never skips one.
        var status = ListId is null
            ? ""
            : (last.Subscriptions.FirstOrDefault(s => s.ListId == ListId)?.Status ?? AfterStatus ?? Status ?? SubscriptionStatus.Pending).ToString();
        return new ContactPage(read, CursorText.Encode("contacts\n" + TenantId + "\n" + Fingerprint() + "\n" + status + "\n" + last.Contact.Id));
    }

    private ContactRange Decode(string cursor)
    {
        var parts = CursorText.Decode(cursor, nameof(cursor)).Split('\n');
        if (parts.Length != 5 || parts[0] != "contacts" || !RandomId.IsWellFormed(ListIds.Contact, parts[4]))
        {
            throw new ArgumentException(CursorText.Invalid, nameof(cursor));
        }

        if (parts[1] != TenantId || parts[2] != Fingerprint())
        {
            throw new ArgumentException(CursorText.OtherListing, nameof(cursor));
        }

        SubscriptionStatus? status = null;
        if (ListId is not null)
        {
            if (!Enum.TryParse<SubscriptionStatus>(parts[3], ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || (Status is { } s && s != parsed))
            {
                throw new ArgumentException(CursorText.Invalid, nameof(cursor));
            }

            status = parsed;
        }
        else if (parts[3].Length != 0)
        {
            throw new ArgumentException(CursorText.Invalid, nameof(cursor));
        }

        return this with { AfterStatus = status, AfterContactId = parts[4] };
    }

    private string Fingerprint() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ListId + "\n" + Status + "\n" + Text)))[..16];
}
