using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmailList.SendApi.Tests.EndToEnd;

namespace EmailList.SendApi.Tests.Lists;

[Collection(ListsGroup.Name)]
public sealed class ListTests(ListsFixture fixture)
{
    [Fact]
    public async Task A_list_is_created_with_its_sign_up_url_read_changed_and_deleted()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());

        var created = await client.PostAsJsonAsync("/lists", new
        {
            name = "Monthly news",
            from = "Acme <news@example.com>",
            replyTo = "help@example.com",
            allowedOrigins = new[] { "https://WWW.Acme.com", "http://localhost:3000" },
            confirmation = new { subject = "Confirm, {{first_name}}", html = "<a href=\"{{confirm_url}}\">Yes</a>" },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await created.JsonAsync();
        var id = list.GetProperty("id").GetString()!;
        Assert.StartsWith("lst_", id, StringComparison.Ordinal);
        Assert.Equal($"/lists/{id}", created.Headers.Location?.OriginalString);
        var publicKey = list.GetProperty("publicKey").GetString()!;
        Assert.StartsWith("pub_", publicKey, StringComparison.Ordinal);
        Assert.Equal($"https://lists.emaillist.test/subscribe/{publicKey}", list.GetProperty("signUpUrl").GetString());
        Assert.True(list.GetProperty("doubleOptIn").GetBoolean());
        Assert.Equal(["https://www.acme.com", "http://localhost:3000"], list.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("Confirm, {{first_name}}", list.GetProperty("confirmation").GetProperty("subject").GetString());

        var read = await (await client.GetAsync($"/lists/{id}")).JsonAsync();
        Assert.Equal(("Monthly news", "help@example.com", publicKey), (read.GetProperty("name").GetString(), read.GetProperty("replyTo").GetString(), read.GetProperty("publicKey").GetString()));

        var patched = await client.PatchAsJsonAsync($"/lists/{id}", new { name = "Weekly news", doubleOptIn = false, replyTo = "", confirmation = new { } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var changed = await patched.JsonAsync();
        Assert.Equal(("Weekly news", false, publicKey), (changed.GetProperty("name").GetString(), changed.GetProperty("doubleOptIn").GetBoolean(), changed.GetProperty("publicKey").GetString()));
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("replyTo").ValueKind);
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("confirmation").ValueKind);
        Assert.Equal(2, changed.GetProperty("allowedOrigins").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/lists/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/lists/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/lists/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync($"/lists/{id}", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task The_lists_page_by_cursor()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await ListsFixture.CreateListAsync(client, name: $"List {i}"));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync("/lists?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_confirmation_template_must_exist_and_link_to_confirm_url()
    {
        var tenant = ListsFixture.NewTenantId();
        using var client = fixture.Client(tenant, "lists:write", "templates:write");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/templates", new { name = "confirm", subject = "Confirm", html = "<a href=\"{{confirm_url}}\">ok</a>" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/templates", new { name = "nolink", subject = "Hi", text = "no link" })).StatusCode);

        var good = await client.PostAsJsonAsync("/lists", new { name = "n", from = "news@example.com", confirmation = new { template = new { name = "confirm" } } });
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal("confirm", (await good.JsonAsync()).GetProperty("confirmation").GetProperty("template").GetProperty("name").GetString());

        var unknown = await client.PostAsJsonAsync("/lists", new { name = "n", from = "news@example.com", confirmation = new { template = new { name = "missing" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("no template named 'missing'", await unknown.ProblemDetailAsync(), StringComparison.Ordinal);

        var noLink = await client.PostAsJsonAsync("/lists", new { name = "n", from = "news@example.com", confirmation = new { template = new { name = "nolink" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noLink.StatusCode);
        Assert.Contains("{{confirm_url}}", await noLink.ProblemDetailAsync(), StringComparison.Ordinal);

        var version = await client.PostAsJsonAsync("/lists", new { name = "n", from = "news@example.com", confirmation = new { template = new { name = "confirm", version = 7 } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, version.StatusCode);
    }

    public static TheoryData<string, HttpStatusCode, string> BadLists => new()
    {
        { """{"from":"news@example.com"}""", HttpStatusCode.BadRequest, "name" },
        { """{"name":"n"}""", HttpStatusCode.BadRequest, "from" },
        { """{"name":"n","from":"not an address"}""", HttpStatusCode.BadRequest, "from" },
        { """{"name":"n","from":"news@example.com","replyTo":"nope@"}""", HttpStatusCode.BadRequest, "replyTo" },
        { """{"name":"line\nbreak","from":"news@example.com"}""", HttpStatusCode.BadRequest, "name" },
        { """{"name":"n","from":"news@example.com","allowedOrigins":["https://acme.com/signup"]}""", HttpStatusCode.BadRequest, "allowedOrigins[0]" },
        { """{"name":"n","from":"news@example.com","allowedOrigins":["https://acme.com/"]}""", HttpStatusCode.BadRequest, "allowedOrigins[0]" },
        { """{"name":"n","from":"news@example.com","allowedOrigins":["http://acme.com"]}""", HttpStatusCode.BadRequest, "allowedOrigins[0]" },
        { """{"name":"n","from":"news@example.com","allowedOrigins":["*"]}""", HttpStatusCode.BadRequest, "allowedOrigins[0]" },
        { """{"name":"n","from":"news@example.com","confirmation":{"html":"{{confirm_url}}"}}""", HttpStatusCode.BadRequest, "confirmation.subject" },
        { """{"name":"n","from":"news@example.com","confirmation":{"subject":"s"}}""", HttpStatusCode.BadRequest, "confirmation.html" },
        { """{"name":"n","from":"news@example.com","confirmation":{"subject":"s","text":"{{#if x}}{{confirm_url}}"}}""", HttpStatusCode.UnprocessableEntity, "syntax" },
        { """{"name":"n","from":"news@example.com","confirmation":{"subject":"s","text":"no link"}}""", HttpStatusCode.UnprocessableEntity, "confirm_url" },
        { """{"name":"n","from":"news@example.com","confirmation":{"subject":"s","text":"{{confirm_url}}","template":{"name":"t"}}}""", HttpStatusCode.BadRequest, "not both" },
        { """{"name":"n","from":"news@example.com","colour":"red"}""", HttpStatusCode.BadRequest, "colour" },
        { """{"name":"n",""", HttpStatusCode.BadRequest, "not valid" },
        { """[]""", HttpStatusCode.BadRequest, "not valid" },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public async Task A_bad_list_is_refused_with_a_problem_that_names_what_is_wrong(string body, HttpStatusCode status, string mentioned)
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());

        var response = await client.PostAsync("/lists", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await (await client.GetAsync("/lists")).JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Other_bad_requests_get_a_problem_too()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());

        var text = await client.PostAsync("/lists", new StringContent("name=n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains("application/json", await text.ProblemDetailAsync(), StringComparison.Ordinal);

        var limit = await client.GetAsync("/lists?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Contains("limit", await limit.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var cursor = await client.GetAsync("/lists?cursor=garbage");
        Assert.Equal(HttpStatusCode.BadRequest, cursor.StatusCode);
        Assert.Contains("cursor", await cursor.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var notAnId = await client.GetAsync("/lists/whatever");
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.Contains("GET /lists", await notAnId.ProblemDetailAsync(), StringComparison.Ordinal);

        var huge = await client.PostAsync("/lists", new StringContent(
            JsonSerializer.Serialize(new { name = "n", from = "news@example.com", confirmation = new { subject = "s", text = new string('x', 800_000) } }),
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }
}
