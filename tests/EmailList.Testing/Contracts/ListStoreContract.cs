using EmailList.Core.Identifiers;
using EmailList.Core.Lists;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="IListStore"/> must do (with its <see cref="IContactStore"/> on the same storage); each test uses its own tenants.</summary>
public abstract class ListStoreContract
{
    private static readonly DateTimeOffset Created = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Stores on shared storage; tests never assume it is empty.</summary>
    protected abstract Task<(IListStore Lists, IContactStore Contacts)> CreateStoresAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task An_added_list_reads_back_field_for_field_by_id_and_by_public_key()
    {
        var (lists, _) = await CreateStoresAsync();
        var list = NewList(NewTenantId()) with
        {
            ReplyTo = "reply@example.com",
            DoubleOptIn = false,
            Confirmation = new MessageContent { Subject = "Confirm {{email}}", Html = "<a href='{{confirm_url}}'>yes</a>", TemplateVersion = 3 },
            AllowedOrigins = ["https://example.com", "http://localhost:5173"],
            UpdatedAt = Created.AddTicks(1234567),
        };

        await lists.AddAsync(list, None);

        AssertSame(list, await lists.GetAsync(list.TenantId, list.Id, None));
        AssertSame(list, await lists.GetByPublicKeyAsync(list.PublicKey, None));
        Assert.Null(await lists.GetByPublicKeyAsync(RandomId.New(ListIds.PublicKey), None));
    }

    [Fact]
    public async Task A_list_with_defaults_keeps_no_confirmation_and_no_origins()
    {
        var (lists, _) = await CreateStoresAsync();
        var list = NewList(NewTenantId());

        await lists.AddAsync(list, None);

        var read = await lists.GetAsync(list.TenantId, list.Id, None);
        Assert.Null(read!.Confirmation);
        Assert.Null(read.ReplyTo);
        Assert.Empty(read.AllowedOrigins);
        Assert.True(read.DoubleOptIn);
    }

    [Fact]
    public async Task Adding_a_list_id_that_exists_is_refused()
    {
        var (lists, _) = await CreateStoresAsync();
        var list = NewList(NewTenantId());
        await lists.AddAsync(list, None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => lists.AddAsync(list with { Name = "again", PublicKey = RandomId.New(ListIds.PublicKey) }, None));

        Assert.Equal(list.Name, (await lists.GetAsync(list.TenantId, list.Id, None))!.Name);
    }

    [Fact]
    public async Task An_update_replaces_the_settings_but_keeps_id_tenant_public_key_and_created_at()
    {
        var (lists, _) = await CreateStoresAsync();
        var list = NewList(NewTenantId());
        await lists.AddAsync(list, None);

        var updated = await lists.UpdateAsync(list with
        {
            Name = "Renamed",
            From = "news@example.org",
            ReplyTo = "r@example.org",
            DoubleOptIn = false,
            Confirmation = new MessageContent { TemplateName = "confirm" },
            AllowedOrigins = ["https://a.example"],
            PublicKey = RandomId.New(ListIds.PublicKey),
            CreatedAt = Created.AddDays(5),
            UpdatedAt = Created.AddHours(1),
        }, None);

        var expected = list with
        {
            Name = "Renamed",
            From = "news@example.org",
            ReplyTo = "r@example.org",
            DoubleOptIn = false,
            Confirmation = new MessageContent { TemplateName = "confirm" },
            AllowedOrigins = ["https://a.example"],
            UpdatedAt = Created.AddHours(1),
        };
        AssertSame(expected, updated);
        AssertSame(expected, await lists.GetAsync(list.TenantId, list.Id, None));
        AssertSame(expected, await lists.GetByPublicKeyAsync(list.PublicKey, None));
    }

    [Fact]
    public async Task Updating_or_deleting_a_list_that_does_not_exist_says_so()
    {
        var (lists, _) = await CreateStoresAsync();
        var list = NewList(NewTenantId());

        Assert.Null(await lists.UpdateAsync(list, None));
        Assert.False(await lists.DeleteAsync(list.TenantId, list.Id, None));
        Assert.Null(await lists.GetAsync(list.TenantId, list.Id, None));
    }

    [Fact]
    public async Task Deleting_a_list_removes_its_subscriptions_but_keeps_the_contacts_and_their_other_lists()
    {
        var (lists, contacts) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var (doomed, kept) = (NewList(tenant), NewList(tenant));
        await lists.AddAsync(doomed, None);
        await lists.AddAsync(kept, None);
        var contact = await contacts.GetOrAddAsync(ContactStoreContract.NewContact(tenant, "a@example.com"), None);
        await contacts.PutSubscriptionAsync(ContactStoreContract.NewSubscription(contact, doomed.Id, SubscriptionStatus.Subscribed), None);
        await contacts.PutSubscriptionAsync(ContactStoreContract.NewSubscription(contact, kept.Id, SubscriptionStatus.Subscribed), None);

        Assert.True(await lists.DeleteAsync(tenant, doomed.Id, None));

        Assert.Null(await lists.GetAsync(tenant, doomed.Id, None));
        Assert.Null(await lists.GetByPublicKeyAsync(doomed.PublicKey, None));
        Assert.Null(await contacts.GetSubscriptionAsync(tenant, doomed.Id, contact.Id, None));
        Assert.Empty(await contacts.ListSubscribersAsync(tenant, doomed.Id, null, 10, None));
        Assert.NotNull(await contacts.GetAsync(tenant, contact.Id, None));
        Assert.NotNull(await contacts.GetSubscriptionAsync(tenant, kept.Id, contact.Id, None));
        Assert.False(await lists.DeleteAsync(tenant, doomed.Id, None));
    }

    [Fact]
    public async Task Listing_pages_through_every_list_by_id_without_duplicates_or_omissions()
    {
        var (lists, _) = await CreateStoresAsync();
        var tenant = NewTenantId();
        var added = Enumerable.Range(0, 7).Select(_ => NewList(tenant)).ToList();
        foreach (var list in added)
        {
            await lists.AddAsync(list, None);
        }

        var seen = new List<MailingList>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await lists.ListAsync(tenant, new ListQuery(3, cursor), None);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(added.Select(l => l.Id).Order(StringComparer.Ordinal), seen.Select(l => l.Id));
    }

    [Fact]
    public async Task An_exactly_full_last_page_has_no_cursor()
    {
        var (lists, _) = await CreateStoresAsync();
        var tenant = NewTenantId();
        await lists.AddAsync(NewList(tenant), None);
        await lists.AddAsync(NewList(tenant), None);

        var page = await lists.ListAsync(tenant, new ListQuery(2), None);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task One_tenant_never_sees_or_changes_another_tenants_lists()
    {
        var (lists, contacts) = await CreateStoresAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        var list = NewList(theirs);
        await lists.AddAsync(list, None);
        var contact = await contacts.GetOrAddAsync(ContactStoreContract.NewContact(theirs, "a@example.com"), None);
        await contacts.PutSubscriptionAsync(ContactStoreContract.NewSubscription(contact, list.Id, SubscriptionStatus.Subscribed), None);

        Assert.Null(await lists.GetAsync(mine, list.Id, None));
        Assert.Null(await lists.UpdateAsync(list with { TenantId = mine, Name = "stolen" }, None));
        Assert.False(await lists.DeleteAsync(mine, list.Id, None));
        Assert.Empty((await lists.ListAsync(mine, new ListQuery(), None)).Items);

        var theirsNow = await lists.GetAsync(theirs, list.Id, None);
        Assert.Equal(list.Name, theirsNow!.Name);
        Assert.NotNull(await contacts.GetSubscriptionAsync(theirs, list.Id, contact.Id, None));
    }

    [Fact]
    public async Task A_cursor_handed_to_one_tenant_is_refused_for_another_and_a_bad_one_is_refused()
    {
        var (lists, _) = await CreateStoresAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        await lists.AddAsync(NewList(theirs), None);
        await lists.AddAsync(NewList(theirs), None);
        var cursor = (await lists.ListAsync(theirs, new ListQuery(1), None)).NextCursor;

        Assert.NotNull(cursor);
        await Assert.ThrowsAsync<ArgumentException>(() => lists.ListAsync(mine, new ListQuery(1, cursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => lists.ListAsync(mine, new ListQuery(1, "not-a-cursor!"), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lists.ListAsync(mine, new ListQuery(ListRange.MaxPageSize + 1), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lists.ListAsync(mine, new ListQuery(0), None));
    }

    public static MailingList NewList(string tenantId) => new()
    {
        TenantId = tenantId,
        Id = RandomId.New(ListIds.List),
        Name = "Newsletter",
        From = "news@example.com",
        PublicKey = RandomId.New(ListIds.PublicKey),
        CreatedAt = Created,
        UpdatedAt = Created,
    };

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    private static void AssertSame(MailingList expected, MailingList? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.AllowedOrigins, actual.AllowedOrigins);
        Assert.Equal(expected with { AllowedOrigins = actual.AllowedOrigins }, actual);
    }
}
