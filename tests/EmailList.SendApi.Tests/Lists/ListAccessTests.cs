using System.Net;
using System.Net.Http.Json;
using System.Text;
using EmailList.SendApi.Tests.EndToEnd;

namespace EmailList.SendApi.Tests.Lists;

[Collection(ListsGroup.Name)]
public sealed class ListAccessTests(ListsFixture fixture)
{
    [Fact]
    public async Task Reading_needs_lists_read_or_write_and_every_change_needs_lists_write()
    {
        var tenant = ListsFixture.NewTenantId();
        using var writer = fixture.Writer(tenant);
        var list = await ListsFixture.CreateListAsync(writer);
        var contact = (await ListsFixture.AddContactAsync(writer, new { email = "r@example.com" })).GetProperty("id").GetString();
        var import = (await ImportTests.ImportAsync(writer, list, "email\nq@example.com\n")).GetProperty("id").GetString();
        using var reader = fixture.Client(tenant, "lists:read");
        using var sender = fixture.Client(tenant, "mail:send", "templates:write");

        foreach (var path in new[] { "/lists", $"/lists/{list}", "/contacts", $"/contacts/{contact}", $"/contacts/export?list={list}", $"/imports/{import}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(path)).StatusCode);
            var refused = await sender.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("lists:read", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var changes = new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            c => c.PostAsJsonAsync("/lists", new { name = "n", from = "news@example.com" }),
            c => c.PatchAsJsonAsync($"/lists/{list}", new { name = "renamed" }),
            c => c.DeleteAsync($"/lists/{list}"),
            c => c.PostAsJsonAsync("/contacts", new { email = "new@example.com" }),
            c => c.PatchAsJsonAsync($"/contacts/{contact}", new { attributes = new { a = 1 } }),
            c => c.PutAsJsonAsync($"/contacts/{contact}/lists/{list}", new { consent = "form" }),
            c => c.DeleteAsync($"/contacts/{contact}/lists/{list}"),
            c => c.DeleteAsync($"/contacts/{contact}"),
            c => c.PostAsync($"/imports?list={list}", new StringContent("email\nx@example.com\n", Encoding.UTF8, "text/csv")),
        };
        foreach (var change in changes)
        {
            var refused = await change(reader);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("lists:write", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("Newsletter", (await (await writer.GetAsync($"/lists/{list}")).JsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync($"/contacts/{contact}")).StatusCode);
        using var anonymous = fixture.Api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/lists")).StatusCode);
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_change_delete_export_nor_import_into_a_tenants_lists_and_contacts()
    {
        var owner = ListsFixture.NewTenantId();
        using var a = fixture.Writer(owner);
        var list = await ListsFixture.CreateListAsync(a);
        var contact = (await ListsFixture.AddContactAsync(a, new { email = "private@example.com", attributes = new { secret = "s" }, consent = "form", lists = new[] { new { listId = list } } }))
            .GetProperty("id").GetString();
        var import = (await ImportTests.ImportAsync(a, list, "email\nimported@example.com\n")).GetProperty("id").GetString();
        var intruder = ListsFixture.NewTenantId();
        using var b = fixture.Writer(intruder);

        Assert.Empty((await (await b.GetAsync("/lists")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Empty((await (await b.GetAsync("/contacts?q=private")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/lists/{list}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PatchAsJsonAsync($"/lists/{list}", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.DeleteAsync($"/lists/{list}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/contacts/{contact}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PatchAsJsonAsync($"/contacts/{contact}", new { attributes = new { secret = "stolen" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.DeleteAsync($"/contacts/{contact}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PutAsJsonAsync($"/contacts/{contact}/lists/{list}", new { consent = "form" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.DeleteAsync($"/contacts/{contact}/lists/{list}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/contacts?list={list}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/contacts/export?list={list}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostAsync($"/imports?list={list}", new StringContent("email\nplanted@example.com\n", Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/imports/{import}")).StatusCode);
        var planted = await b.PostAsJsonAsync("/contacts", new { email = "planted@example.com", consent = "form", lists = new[] { new { listId = list } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, planted.StatusCode);
        var ownExport = await b.GetAsync("/contacts/export");
        Assert.DoesNotContain("private@example.com", await ownExport.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mine = await (await a.GetAsync($"/contacts/{contact}")).JsonAsync();
        Assert.Equal("s", mine.GetProperty("attributes").GetProperty("secret").GetString());
        Assert.Equal("subscribed", mine.GetProperty("lists")[0].GetProperty("status").GetString());
        var members = await (await a.GetAsync($"/contacts?list={list}")).JsonAsync();
        Assert.Equal(["imported@example.com", "private@example.com"], members.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("email").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("Newsletter", (await (await a.GetAsync($"/lists/{list}")).JsonAsync()).GetProperty("name").GetString());
    }
}
