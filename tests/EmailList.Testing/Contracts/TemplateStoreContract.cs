using System.Globalization;
using EmailList.Core.Templates;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="ITemplateStore"/> must do; derive once per implementation. Each test uses its own tenants.</summary>
public abstract class TemplateStoreContract
{
    private static readonly DateTimeOffset Created = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TemplateContent Welcome = new("Welcome, {{name}}", "<p>Hi {{name}}</p>", "Hi {{name}}");

    /// <summary>A store on shared storage; tests never assume it is empty.</summary>
    protected abstract Task<ITemplateStore> CreateStoreAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_created_template_is_version_1_and_reads_back_field_for_field()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();

        var created = await store.CreateAsync(tenant, "welcome", Welcome, Created.AddTicks(1234567), None);

        var expected = new Template(tenant, "welcome", 1, Welcome.Subject, Welcome.Html, Welcome.Text, Created.AddTicks(1234567), Created.AddTicks(1234567));
        Assert.Equal(expected, created);
        Assert.Equal(expected, await store.GetAsync(tenant, "welcome", null, None));
        Assert.Equal(expected, await store.GetAsync(tenant, "welcome", 1, None));
    }

    [Fact]
    public async Task Absent_parts_stay_absent_and_empty_ones_stay_empty()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();

        await store.CreateAsync(tenant, "text-only", new TemplateContent("s", null, ""), Created, None);

        var read = await store.GetAsync(tenant, "text-only", null, None);
        Assert.Null(read!.Html);
        Assert.Equal("", read.Text);
    }

    [Fact]
    public async Task Creating_a_name_the_tenant_already_has_is_refused_and_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.CreateAsync(tenant, "welcome", Welcome, Created, None);

        Assert.Null(await store.CreateAsync(tenant, "welcome", new TemplateContent("other", null, "other"), Created.AddHours(1), None));

        var latest = await store.GetAsync(tenant, "welcome", null, None);
        Assert.Equal((1, Welcome.Subject), (latest!.Version, latest.Subject));
    }

    [Fact]
    public async Task Each_update_is_the_next_version_and_every_version_stays_readable()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.CreateAsync(tenant, "welcome", Welcome, Created, None);

        var second = await store.UpdateAsync(tenant, "welcome", new TemplateContent("v2", "<p>2</p>", null), Created.AddHours(1), None);
        var third = await store.UpdateAsync(tenant, "welcome", new TemplateContent("v3", null, "3"), Created.AddHours(2), None);

        Assert.Equal(new Template(tenant, "welcome", 2, "v2", "<p>2</p>", null, Created, Created.AddHours(1)), second);
        Assert.Equal(new Template(tenant, "welcome", 3, "v3", null, "3", Created, Created.AddHours(2)), third);
        Assert.Equal(third, await store.GetAsync(tenant, "welcome", null, None));
        Assert.Equal(second, await store.GetAsync(tenant, "welcome", 2, None));
        Assert.Equal(Welcome.Subject, (await store.GetAsync(tenant, "welcome", 1, None))!.Subject);
        Assert.Null(await store.GetAsync(tenant, "welcome", 4, None));
        Assert.Null(await store.GetAsync(tenant, "welcome", 0, None));
    }

    [Fact]
    public async Task Concurrent_updates_each_get_their_own_version()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.CreateAsync(tenant, "busy", Welcome, Created, None);

        var updates = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.UpdateAsync(tenant, "busy", new TemplateContent($"s{i}", null, "t"), Created.AddMinutes(i), None)));

        Assert.Equal(Enumerable.Range(2, 8), updates.Select(u => u!.Version).Order());
        Assert.Equal(9, (await store.GetAsync(tenant, "busy", null, None))!.Version);
    }

    [Fact]
    public async Task Updating_or_deleting_a_template_that_does_not_exist_says_so()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();

        Assert.Null(await store.UpdateAsync(tenant, "nothing", Welcome, Created, None));
        Assert.False(await store.DeleteAsync(tenant, "nothing", None));
        Assert.Null(await store.GetAsync(tenant, "nothing", null, None));
    }

    [Fact]
    public async Task Deleting_removes_every_version_and_the_name_can_be_created_again_from_version_1()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.CreateAsync(tenant, "welcome", Welcome, Created, None);
        await store.UpdateAsync(tenant, "welcome", new TemplateContent("v2", null, "2"), Created.AddHours(1), None);

        Assert.True(await store.DeleteAsync(tenant, "welcome", None));

        Assert.Null(await store.GetAsync(tenant, "welcome", null, None));
        Assert.Null(await store.GetAsync(tenant, "welcome", 2, None));
        Assert.False(await store.DeleteAsync(tenant, "welcome", None));
        var again = await store.CreateAsync(tenant, "welcome", new TemplateContent("new", null, "n"), Created.AddHours(2), None);
        Assert.Equal(1, again!.Version);
        Assert.Null(await store.GetAsync(tenant, "welcome", 2, None));
    }

    [Fact]
    public async Task Listing_pages_through_the_latest_version_of_each_name_in_name_order()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var names = Enumerable.Range(0, 7).Select(i => string.Create(CultureInfo.InvariantCulture, $"t{i:00}")).ToArray();
        foreach (var name in names.Reverse())
        {
            await store.CreateAsync(tenant, name, Welcome, Created, None);
        }

        await store.UpdateAsync(tenant, "t03", new TemplateContent("v2", null, "2"), Created.AddHours(1), None);

        var seen = new List<Template>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(tenant, new TemplateQuery(3, cursor), None);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(names, seen.Select(t => t.Name));
        Assert.Equal(2, seen.Single(t => t.Name == "t03").Version);
    }

    [Fact]
    public async Task An_exactly_full_last_page_has_no_cursor()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        await store.CreateAsync(tenant, "a", Welcome, Created, None);
        await store.CreateAsync(tenant, "b", Welcome, Created, None);

        var page = await store.ListAsync(tenant, new TemplateQuery(2), None);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task One_tenant_never_sees_or_changes_another_tenants_templates()
    {
        var store = await CreateStoreAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        await store.CreateAsync(theirs, "shared-name", Welcome, Created, None);
        await store.CreateAsync(theirs, "theirs-only", Welcome, Created, None);

        Assert.Null(await store.GetAsync(mine, "shared-name", null, None));
        Assert.Null(await store.GetAsync(mine, "shared-name", 1, None));
        Assert.Null(await store.UpdateAsync(mine, "shared-name", Welcome, Created, None));
        Assert.False(await store.DeleteAsync(mine, "shared-name", None));
        Assert.Empty((await store.ListAsync(mine, new TemplateQuery(), None)).Items);

        var created = await store.CreateAsync(mine, "shared-name", new TemplateContent("mine", null, "m"), Created, None);
        Assert.Equal(1, created!.Version);
        Assert.Equal(Welcome.Subject, (await store.GetAsync(theirs, "shared-name", null, None))!.Subject);
    }

    [Fact]
    public async Task A_cursor_handed_to_one_tenant_is_refused_for_another()
    {
        var store = await CreateStoreAsync();
        var (mine, theirs) = (NewTenantId(), NewTenantId());
        await store.CreateAsync(theirs, "a", Welcome, Created, None);
        await store.CreateAsync(theirs, "b", Welcome, Created, None);
        var cursor = (await store.ListAsync(theirs, new TemplateQuery(1), None)).NextCursor;

        Assert.NotNull(cursor);
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(mine, new TemplateQuery(1, cursor), None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(mine, new TemplateQuery(1, "not-a-cursor!"), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(mine, new TemplateQuery(TemplateRange.MaxPageSize + 1), None));
    }

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");
}
