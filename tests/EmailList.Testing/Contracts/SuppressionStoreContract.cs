using System.Globalization;
using EmailList.Core.Suppression;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="ISuppressionStore"/> must do; derive once per implementation. Each test uses its own tenants.</summary>
public abstract class SuppressionStoreContract
{
    private static readonly DateTimeOffset Added = new(2026, 4, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A store on shared storage; tests never assume it is empty.</summary>
    protected abstract Task<ISuppressionStore> CreateStoreAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_put_entry_reads_back_field_for_field()
    {
        var store = await CreateStoreAsync();
        var entry = new SuppressionEntry(NewTenantId(), "bounced@example.com", SuppressionReason.Bounce, "ses-event:0001", Added.AddTicks(7654321));

        await store.PutAsync(entry, None);

        Assert.Equal(entry, await store.GetAsync(entry.TenantId, entry.Email, None));
    }

    [Fact]
    public async Task An_address_not_on_the_list_reads_as_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync(NewTenantId(), "nobody@example.com", None));
    }

    [Fact]
    public async Task Putting_an_address_again_replaces_its_entry()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.PutAsync(new SuppressionEntry(tenant, "a@example.com", SuppressionReason.Bounce, "ses-event:1", Added), None);
        var replacement = new SuppressionEntry(tenant, "a@example.com", SuppressionReason.Complaint, "api", Added.AddHours(1));

        await store.PutAsync(replacement, None);

        Assert.Equal(replacement, await store.GetAsync(tenant, "a@example.com", None));
        var page = await store.ListAsync(tenant, new SuppressionQuery(), None);
        Assert.Equal(replacement, Assert.Single(page.Items));
    }

    [Fact]
    public async Task Removing_says_whether_the_address_was_on_the_list()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await PutAsync(store, tenant, SuppressionReason.Manual, "a@example.com", "b@example.com");

        Assert.True(await store.RemoveAsync(tenant, "a@example.com", None));
        Assert.False(await store.RemoveAsync(tenant, "a@example.com", None));
        Assert.False(await store.RemoveAsync(tenant, "never@example.com", None));

        Assert.Null(await store.GetAsync(tenant, "a@example.com", None));
        Assert.NotNull(await store.GetAsync(tenant, "b@example.com", None));
        Assert.Empty(await store.FindSuppressedAsync(tenant, ["a@example.com"], None));
    }

    [Fact]
    public async Task Find_suppressed_returns_exactly_the_listed_addresses_of_this_tenant()
    {
        var store = await CreateStoreAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        await PutAsync(store, mine, SuppressionReason.Bounce, "a@example.com", "b@example.com");
        await PutAsync(store, theirs, SuppressionReason.Bounce, "c@example.com", "d@example.com");

        var found = await store.FindSuppressedAsync(mine, ["a@example.com", "c@example.com", "x@example.com", "a@example.com", "b@example.com"], None);

        Assert.Equal(new HashSet<string> { "a@example.com", "b@example.com" }, found.ToHashSet());
        Assert.Empty(await store.FindSuppressedAsync(mine, [], None));
        Assert.Empty(await store.FindSuppressedAsync(NewTenantId(), ["a@example.com", "c@example.com"], None));
    }

    [Fact]
    public async Task Find_suppressed_handles_more_addresses_than_one_batch()
    {
        var store = await CreateStoreAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        var addresses = Addresses(250);
        var suppressed = addresses.Where((_, i) => i % 3 == 0).ToArray();
        await PutAsync(store, mine, SuppressionReason.Bounce, suppressed);
        await PutAsync(store, theirs, SuppressionReason.Bounce, addresses.Where((_, i) => i % 3 == 1).ToArray());

        var found = await store.FindSuppressedAsync(mine, addresses, None);

        Assert.Equal(suppressed.ToHashSet(), found.ToHashSet());
    }

    [Fact]
    public async Task The_list_is_ordered_by_address_and_holds_only_this_tenants_entries()
    {
        var store = await CreateStoreAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        await PutAsync(store, mine, SuppressionReason.Bounce, "zed@example.com", "amy@example.com", "bob@example.org", "amy@example.co");
        await PutAsync(store, theirs, SuppressionReason.Bounce, "aaron@example.com", "bob@example.net");

        var page = await store.ListAsync(mine, new SuppressionQuery(), None);

        Assert.Equal(["amy@example.co", "amy@example.com", "bob@example.org", "zed@example.com"], page.Items.Select(e => e.Email));
        Assert.All(page.Items, entry => Assert.Equal(mine, entry.TenantId));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task An_empty_list_is_one_empty_page()
    {
        var store = await CreateStoreAsync();

        var page = await store.ListAsync(NewTenantId(), new SuppressionQuery(), None);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task The_list_can_be_filtered_by_reason()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await PutAsync(store, tenant, SuppressionReason.Bounce, "b1@example.com", "b2@example.com");
        await PutAsync(store, tenant, SuppressionReason.Complaint, "c1@example.com");
        await PutAsync(store, tenant, SuppressionReason.Unsubscribe, "u1@example.com");
        // Changing the reason moves the entry from one filter to the other.
        await PutAsync(store, tenant, SuppressionReason.Complaint, "b2@example.com");

        var complaints = await store.ListAsync(tenant, new SuppressionQuery(Reason: SuppressionReason.Complaint), None);
        var bounces = await store.ListAsync(tenant, new SuppressionQuery(Reason: SuppressionReason.Bounce), None);
        var manual = await store.ListAsync(tenant, new SuppressionQuery(Reason: SuppressionReason.Manual), None);

        Assert.Equal(["b2@example.com", "c1@example.com"], complaints.Items.Select(e => e.Email));
        Assert.All(complaints.Items, e => Assert.Equal(SuppressionReason.Complaint, e.Reason));
        Assert.Equal(["b1@example.com"], bounces.Items.Select(e => e.Email));
        Assert.Empty(manual.Items);
    }

    [Fact]
    public async Task The_list_can_be_filtered_by_address_prefix_alone_or_with_a_reason()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await PutAsync(store, tenant, SuppressionReason.Bounce, "ann@example.com", "anna@example.com", "anz@example.com", "bob@example.com", "an@example.com");
        await PutAsync(store, tenant, SuppressionReason.Complaint, "annie@example.com", "zoe@example.com");
        await PutAsync(store, NewTenantId(), SuppressionReason.Bounce, "anne@example.com");

        var ann = await store.ListAsync(tenant, new SuppressionQuery(AddressPrefix: "ann"), None);
        var annBounces = await store.ListAsync(tenant, new SuppressionQuery(SuppressionReason.Bounce, "ann"), None);
        var nothing = await store.ListAsync(tenant, new SuppressionQuery(AddressPrefix: "carol"), None);

        Assert.Equal(["ann@example.com", "anna@example.com", "annie@example.com"], ann.Items.Select(e => e.Email));
        Assert.Equal(["ann@example.com", "anna@example.com"], annBounces.Items.Select(e => e.Email));
        Assert.Empty(nothing.Items);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task Paging_returns_every_entry_exactly_once_in_order(int limit)
    {
        var store = await CreateStoreAsync();
        var (tenant, other) = (NewTenantId(), NewTenantId());
        var addresses = Addresses(250);
        await PutAsync(store, tenant, SuppressionReason.Bounce, addresses.Reverse().ToArray());
        await PutAsync(store, other, SuppressionReason.Bounce, addresses.Take(10).ToArray());

        var listed = await ListAllAsync(store, tenant, new SuppressionQuery(Limit: limit), expectedPageSize: limit);

        Assert.Equal(addresses.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Paging_works_with_a_reason_and_a_prefix()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var addresses = Addresses(120);
        await PutAsync(store, tenant, SuppressionReason.Bounce, addresses.Where((_, i) => i % 2 == 0).ToArray());
        await PutAsync(store, tenant, SuppressionReason.Complaint, addresses.Where((_, i) => i % 2 == 1).ToArray());
        await PutAsync(store, tenant, SuppressionReason.Complaint, "someone-else@example.com");

        var complaints = await ListAllAsync(store, tenant, new SuppressionQuery(SuppressionReason.Complaint, "user", Limit: 9), expectedPageSize: 9);

        Assert.Equal(addresses.Where((_, i) => i % 2 == 1).Order(StringComparer.Ordinal), complaints);
    }

    [Fact]
    public async Task A_list_that_fills_its_last_page_exactly_has_no_next_cursor()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await PutAsync(store, tenant, SuppressionReason.Bounce, Addresses(10));

        var page = await store.ListAsync(tenant, new SuppressionQuery(Limit: 10), None);

        Assert.Equal(10, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task A_cursor_from_one_tenant_never_reveals_that_tenants_entries_to_another()
    {
        var store = await CreateStoreAsync();
        var (a, b) = (NewTenantId(), NewTenantId());
        await PutAsync(store, a, SuppressionReason.Bounce, Addresses(20));
        await PutAsync(store, b, SuppressionReason.Bounce, "b-only@example.com");
        var cursor = (await store.ListAsync(a, new SuppressionQuery(Limit: 5), None)).NextCursor;
        Assert.NotNull(cursor);

        SuppressionPage? page = null;
        try
        {
            page = await store.ListAsync(b, new SuppressionQuery(Limit: 100, Cursor: cursor), None);
        }
        catch (ArgumentException)
        {
            // Refusing the cursor is the preferred answer.
        }

        Assert.True(page is null || page.Items.All(entry => entry.TenantId == b));
    }

    [Fact]
    public async Task A_cursor_used_with_another_address_prefix_is_refused()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await PutAsync(store, tenant, SuppressionReason.Bounce, "user1@example.com", "user2@example.com", "zoe@example.com");
        var cursor = (await store.ListAsync(tenant, new SuppressionQuery(AddressPrefix: "user", Limit: 1), None)).NextCursor;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(tenant, new SuppressionQuery(AddressPrefix: "zoe", Cursor: cursor), None));
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("%%%")]
    [InlineData("AAAA")]
    [InlineData("eyJhIjoxfQ")]
    public async Task A_cursor_the_store_did_not_issue_is_an_argument_error(string cursor)
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await PutAsync(store, tenant, SuppressionReason.Bounce, "a@example.com");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(tenant, new SuppressionQuery(Cursor: cursor), None));
    }

    [Fact]
    public async Task Addresses_are_matched_in_their_normalized_form()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var stored = EmailAddressNormalizer.Normalize("  Alice.Smith@Example.COM ");
        await store.PutAsync(new SuppressionEntry(tenant, stored, SuppressionReason.Unsubscribe, "api", Added), None);

        var lookedUp = EmailAddressNormalizer.Normalize("ALICE.SMITH@example.com");
        Assert.NotNull(await store.GetAsync(tenant, lookedUp, None));
        Assert.Equal([lookedUp], await store.FindSuppressedAsync(tenant, [lookedUp], None));
        var page = await store.ListAsync(tenant, new SuppressionQuery(AddressPrefix: "Alice."), None);
        Assert.Equal("alice.smith@example.com", Assert.Single(page.Items).Email);
        Assert.True(await store.RemoveAsync(tenant, lookedUp, None));
    }

    [Fact]
    public async Task Addresses_outside_ASCII_are_stored_and_listed()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var unicode = EmailAddressNormalizer.Normalize("Jörg@Bücher.example");
        await PutAsync(store, tenant, SuppressionReason.Manual, unicode, "jo@example.com");

        Assert.Equal("jörg@xn--bcher-kva.example", unicode);
        Assert.Equal([unicode], await store.FindSuppressedAsync(tenant, [unicode], None));
        var page = await store.ListAsync(tenant, new SuppressionQuery(AddressPrefix: "jö"), None);
        Assert.Equal(unicode, Assert.Single(page.Items).Email);
    }

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    /// <summary>user000@example.com, user001@..., so numeric and address order agree.</summary>
    protected static string[] Addresses(int count) =>
        Enumerable.Range(0, count).Select(i => $"user{i.ToString("000", CultureInfo.InvariantCulture)}@example.com").ToArray();

    protected static async Task PutAsync(ISuppressionStore store, string tenantId, SuppressionReason reason, params string[] emails)
    {
        foreach (var email in emails)
        {
            await store.PutAsync(new SuppressionEntry(tenantId, email, reason, "test", Added), None);
        }
    }

    private static async Task<List<string>> ListAllAsync(ISuppressionStore store, string tenantId, SuppressionQuery query, int expectedPageSize)
    {
        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(tenantId, query with { Cursor = cursor }, None);
            Assert.All(page.Items, entry => Assert.Equal(tenantId, entry.TenantId));
            Assert.True(page.Items.Count <= expectedPageSize);
            if (page.NextCursor is not null)
            {
                Assert.Equal(expectedPageSize, page.Items.Count);
            }

            listed.AddRange(page.Items.Select(entry => entry.Email));
            cursor = page.NextCursor;
            Assert.True(++pages <= 1000, "The listing did not end.");
        }
        while (cursor is not null);

        return listed;
    }
}
