using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Sandbox.Admin;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class TemplateTests(SendPathFixture fixture)
{
    private static readonly object Welcome = new
    {
        name = "welcome",
        subject = "Welcome, {{name}}",
        html = "<h1>Hello {{name}}</h1>{{#if coupon}}<p>Your code: {{coupon}}</p>{{/if}}",
        text = "Hello {{name}}",
    };

    [Fact]
    public async Task A_template_is_created_updated_as_new_versions_read_by_version_and_deleted()
    {
        using var client = WriterFor(NewTenantId());

        var created = await client.PostAsJsonAsync("/templates", Welcome);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/templates/welcome", created.Headers.Location?.OriginalString);
        Assert.Equal(1, (await created.JsonAsync()).GetProperty("version").GetInt32());

        var updated = await client.PutAsJsonAsync("/templates/welcome", new { subject = "Welcome back, {{name}}", text = "v2 {{name}}" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var second = await updated.JsonAsync();
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("html").ValueKind);

        var latest = await (await client.GetAsync("/templates/welcome")).JsonAsync();
        Assert.Equal((2, "Welcome back, {{name}}"), (latest.GetProperty("version").GetInt32(), latest.GetProperty("subject").GetString()));
        var first = await (await client.GetAsync("/templates/welcome?version=1")).JsonAsync();
        Assert.Equal("Welcome, {{name}}", first.GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/templates/welcome?version=3")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/templates/welcome")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/templates/welcome")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/templates/welcome")).StatusCode);
    }

    [Fact]
    public async Task The_listing_pages_by_cursor_and_another_tenant_cannot_use_the_cursor()
    {
        var tenant = NewTenantId();
        using var client = WriterFor(tenant);
        foreach (var name in new[] { "c", "a", "e", "b", "d" })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/templates", new { name, subject = "s", text = "t" })).StatusCode);
        }

        var names = new List<string>();
        string? cursor = null;
        string? firstCursor = null;
        do
        {
            var page = await (await client.GetAsync("/templates?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            firstCursor ??= cursor;
        }
        while (cursor is not null);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        using var other = WriterFor(NewTenantId());
        var refused = await other.GetAsync("/templates?cursor=" + Uri.EscapeDataString(firstCursor!));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("another listing", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_tenant_cannot_see_change_render_or_send_with_another_tenants_template()
    {
        var owner = await fixture.CreateTenantAsync();
        var intruder = await fixture.CreateTenantAsync();
        using var ownerClient = WriterFor(owner.Id);
        Assert.Equal(HttpStatusCode.Created, (await ownerClient.PostAsJsonAsync("/templates", Welcome)).StatusCode);
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(intruder.Id, "templates:write", "mail:send"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/templates/welcome")).StatusCode);
        Assert.Empty((await (await client.GetAsync("/templates")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/templates/welcome", new { subject = "mine", text = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/templates/welcome/render", new { data = new { name = "x" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/templates/welcome")).StatusCode);
        var send = await client.PostMailAsync(TemplatedMail("welcome", new { name = "x" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, send.StatusCode);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(intruder.AccountId!));

        var mine = await (await ownerClient.GetAsync("/templates/welcome")).JsonAsync();
        Assert.Equal(1, mine.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_sender_may_read_and_preview_templates_but_only_templates_write_may_change_them()
    {
        var tenant = NewTenantId();
        using var writer = WriterFor(tenant);
        await writer.PostAsJsonAsync("/templates", Welcome);
        using var sender = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant, "mail:send"));
        using var reader = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant, "events:read"));

        Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync("/templates/welcome")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsJsonAsync("/templates/welcome/render", new { data = new { name = "A" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sender.PostAsJsonAsync("/templates", new { name = "other", subject = "s", text = "t" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sender.DeleteAsync("/templates/welcome")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/templates")).StatusCode);
    }

    [Fact]
    public async Task A_preview_renders_the_parts_as_a_send_would_with_html_escaped()
    {
        using var client = WriterFor(NewTenantId());
        await client.PostAsJsonAsync("/templates", Welcome);

        var response = await client.PostAsJsonAsync("/templates/welcome/render", new { data = new { name = "Tom & Jerry", coupon = "SAVE10" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("Welcome, Tom & Jerry", json.GetProperty("subject").GetString());
        Assert.Equal("<h1>Hello Tom &amp; Jerry</h1><p>Your code: SAVE10</p>", json.GetProperty("html").GetString());
        Assert.Equal("Hello Tom & Jerry", json.GetProperty("text").GetString());
        Assert.Equal(1, json.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_mail_sent_with_a_template_goes_out_rendered_and_tagged_with_the_template_and_version()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "templates:write", "mail:send"));
        await client.PostAsJsonAsync("/templates", Welcome);
        await client.PutAsJsonAsync("/templates/welcome", new { subject = "v2 {{name}}", text = "v2" });

        var response = await client.PostMailAsync(TemplatedMail("welcome", new { name = "Ana", coupon = "SAVE10" }, version: 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.Equal((await response.JsonAsync()).GetProperty("id").GetString(), sent.MessageId);
        Assert.Equal("Welcome, Ana", sent.Subject);
        Assert.Contains("<h1>Hello Ana</h1><p>Your code: SAVE10</p>", sent.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello Ana", sent.TextBody, StringComparison.Ordinal);
        Assert.Equal("welcome", sent.Tags["el_template"]);
        Assert.Equal("1", sent.Tags["el_template_version"]);
        Assert.Equal(tenant.Id, sent.Tags["el_tenant"]);
        Assert.Equal("onboarding", sent.Tags["campaign"]);
    }

    [Fact]
    public async Task A_send_whose_data_lacks_a_variable_is_refused_naming_it_and_nothing_is_sent()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "templates:write", "mail:send"));
        await client.PostAsJsonAsync("/templates", Welcome);

        var response = await client.PostMailAsync(TemplatedMail("welcome", new { coupon = "SAVE10" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("name", json.GetProperty("variable").GetString());
        Assert.Contains("'name'", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_template_that_does_not_parse_is_refused_naming_the_part_and_line()
    {
        using var client = WriterFor(NewTenantId());

        var response = await client.PostAsJsonAsync("/templates", new
        {
            name = "broken",
            subject = "Hi",
            html = "<p>one</p>\n<p>two</p>\n{{#each items}}<li>{{this}}</li>\n{{/if}}",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("html", json.GetProperty("part").GetString());
        Assert.Equal(4, json.GetProperty("line").GetInt32());
        Assert.Contains("line 4", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/templates/broken")).StatusCode);
    }

    [Fact]
    public async Task Import_copies_the_tenants_own_SES_templates_and_skips_what_it_cannot_take()
    {
        var tenant = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync();
        await fixture.Sandbox.Admin.PutEmailTemplateAsync(tenant.AccountId!, "order-shipped", new SandboxEmailTemplate("Shipped: {{order}}", "<p>{{order}}</p>", "Order {{order}}"));
        await fixture.Sandbox.Admin.PutEmailTemplateAsync(tenant.AccountId!, "existing", new SandboxEmailTemplate("From SES", null, "ses"));
        await fixture.Sandbox.Admin.PutEmailTemplateAsync(tenant.AccountId!, "broken", new SandboxEmailTemplate("x", "{{#if a}}", null));
        await fixture.Sandbox.Admin.PutEmailTemplateAsync(other.AccountId!, "not-mine", new SandboxEmailTemplate("x", null, "x"));
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "templates:write", "mail:send"));
        await client.PostAsJsonAsync("/templates", new { name = "existing", subject = "Ours", text = "ours" });

        var response = await client.PostAsync("/templates/import", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal(["order-shipped"], json.GetProperty("imported").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var skipped = json.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("reason").GetString()!);
        Assert.Equal(["broken", "existing"], skipped.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("line 1", skipped["broken"], StringComparison.Ordinal);
        var imported = await (await client.GetAsync("/templates/order-shipped")).JsonAsync();
        Assert.Equal("<p>{{order}}</p>", imported.GetProperty("html").GetString());
        Assert.Equal("Ours", (await (await client.GetAsync("/templates/existing")).JsonAsync()).GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/templates/not-mine")).StatusCode);
    }

    [Fact]
    public async Task The_SES_developer_guide_sample_template_renders_as_SES_renders_it()
    {
        // The shape of the samples in the SES developer guide (send-personalized-email-api, -advanced): a greeting with
        // {{name}}, an optional {{#if}} section, a nested attribute and an {{#each}} list.
        using var client = WriterFor(NewTenantId());
        var created = await client.PostAsJsonAsync("/templates", new
        {
            name = "MyTemplate",
            subject = "Greetings, {{name}}!",
            html = "<h1>Hello {{name}},</h1><p>{{#if favoriteanimal}}Your favorite animal is {{favoriteanimal}}.{{else}}Tell us your favorite animal.{{/if}}</p>"
                + "<ul>{{#each subscription}}<li>{{interest}}</li>{{/each}}</ul><p>Id {{meta.userId}}</p>",
            text = "Dear {{name}},\r\nYour favorite animal is {{favoriteanimal}}.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var rendered = await (await client.PostAsJsonAsync("/templates/MyTemplate/render", new
        {
            data = new
            {
                name = "Alejandro",
                favoriteanimal = "alligator",
                meta = new { userId = "51806220607" },
                subscription = new[] { new { interest = "Sports" }, new { interest = "Travel" } },
            },
        })).JsonAsync();

        Assert.Equal("Greetings, Alejandro!", rendered.GetProperty("subject").GetString());
        Assert.Equal("<h1>Hello Alejandro,</h1><p>Your favorite animal is alligator.</p><ul><li>Sports</li><li>Travel</li></ul><p>Id 51806220607</p>",
            rendered.GetProperty("html").GetString());
        Assert.Equal("Dear Alejandro,\r\nYour favorite animal is alligator.", rendered.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("""{"name": "bad name!", "subject": "s", "text": "t"}""", HttpStatusCode.BadRequest, "name")]
    [InlineData("""{"name": "x", "subject": "", "text": "t"}""", HttpStatusCode.BadRequest, "subject")]
    [InlineData("""{"name": "x", "subject": "two\nlines", "text": "t"}""", HttpStatusCode.BadRequest, "subject")]
    [InlineData("""{"name": "x", "subject": "s"}""", HttpStatusCode.BadRequest, "html")]
    [InlineData("""{"name": "x", "subject": "s", "text": "t", "extra": 1}""", HttpStatusCode.BadRequest, "extra")]
    [InlineData("""{"name": "x", "subject": "{{#if a}}", "text": "t"}""", HttpStatusCode.UnprocessableEntity, "subject")]
    public async Task Every_bad_template_is_refused_with_a_problem_that_names_what_is_wrong(string body, HttpStatusCode status, string named)
    {
        using var client = WriterFor(NewTenantId());

        var response = await client.PostAsync("/templates", MailJson.Raw(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_name_is_409_an_unknown_one_404_and_a_template_over_the_size_limit_413()
    {
        using var client = WriterFor(NewTenantId());
        await client.PostAsJsonAsync("/templates", Welcome);

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/templates", Welcome)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/templates/nothing", new { subject = "s", text = "t" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/templates/nothing/render", new { data = new { } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/templates/welcome?version=zero")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/templates?limit=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/templates/welcome/render", new { data = new[] { 1 } })).StatusCode);
        var large = await client.PostAsJsonAsync("/templates", new { name = "large", subject = "s", html = new string('x', 360_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("350000", await large.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_with_both_a_template_and_content_or_an_unknown_template_is_refused()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "templates:write", "mail:send"));
        await client.PostAsJsonAsync("/templates", Welcome);

        var both = await client.PostMailAsync(new
        {
            from = "news@example.com",
            to = new[] { "success@simulator.amazonses.com" },
            subject = "Hi",
            template = new { name = "welcome", data = new { name = "A" } },
        });
        var unknown = await client.PostMailAsync(TemplatedMail("nothing", new { name = "A" }));
        var badName = await client.PostMailAsync(TemplatedMail("bad name", new { name = "A" }));
        var notAnObject = await client.PostMailAsync(TemplatedMail("welcome", "just text"));

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("either 'template'", await both.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("'nothing'", await unknown.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject.StatusCode);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    private HttpClient WriterFor(string tenantId) => fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenantId, "templates:write"));

    private static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private static object TemplatedMail(string name, object data, int? version = null) => new
    {
        from = "Acme <news@example.com>",
        to = new[] { "success@simulator.amazonses.com" },
        tags = new Dictionary<string, string> { ["campaign"] = "onboarding" },
        template = new { name, version, data },
    };
}
