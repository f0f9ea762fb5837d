using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmailList.Core.Suppression;
using EmailList.SendApi.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Lists;

[Collection(ListsGroup.Name)]
public sealed class ContactTests(ListsFixture fixture)
{
    [Fact]
    public async Task A_contact_without_consent_is_pending_and_gets_one_confirmation_mail_on_a_double_opt_in_list()
    {
        var tenant = ListsFixture.NewTenantId();
        using var client = fixture.Writer(tenant);
        var doubleOptIn = await ListsFixture.CreateListAsync(client);
        var singleOptIn = await ListsFixture.CreateListAsync(client, doubleOptIn: false);

        var response = await client.PostAsJsonAsync("/contacts", new
        {
            email = "  Jane.Doe@Example.COM ",
            attributes = new { first_name = "Jane", plan = "pro" },
            lists = new object[] { new { listId = doubleOptIn }, new { listId = singleOptIn } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var contact = await response.JsonAsync();
        var id = contact.GetProperty("id").GetString()!;
        Assert.StartsWith("ct_", id, StringComparison.Ordinal);
        Assert.Equal($"/contacts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("jane.doe@example.com", contact.GetProperty("email").GetString());
        Assert.Equal("Jane", contact.GetProperty("attributes").GetProperty("first_name").GetString());
        var lists = contact.GetProperty("lists").EnumerateArray().ToDictionary(l => l.GetProperty("listId").GetString()!);
        Assert.All(lists.Values, l => Assert.Equal("pending", l.GetProperty("status").GetString()));
        Assert.Equal("api", lists[doubleOptIn].GetProperty("consent").GetProperty("route").GetString());
        Assert.Equal(JsonValueKind.Null, lists[doubleOptIn].GetProperty("consent").GetProperty("statement").ValueKind);
        Assert.Equal(1, fixture.Mailer.SentFor(tenant, doubleOptIn));
        Assert.Equal(0, fixture.Mailer.SentFor(tenant, singleOptIn));
        Assert.NotEqual(JsonValueKind.Null, lists[doubleOptIn].GetProperty("confirmationSentAt").ValueKind);
    }

    [Fact]
    public async Task Subscribing_directly_needs_a_consent_statement_which_is_kept_with_the_callers_address_and_agent()
    {
        var tenant = ListsFixture.NewTenantId();
        using var client = fixture.Writer(tenant);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("crm-sync/2.1");
        var list = await ListsFixture.CreateListAsync(client);

        var refused = await client.PostAsJsonAsync("/contacts", new { email = "a@example.com", lists = new[] { new { listId = list, status = "subscribed" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("'consent'", await refused.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/contacts?q=a@example.com")).StatusCode);
        Assert.Empty((await (await client.GetAsync("/contacts?q=a@example.com")).JsonAsync()).GetProperty("items").EnumerateArray());

        var contact = await ListsFixture.AddContactAsync(client, new
        {
            email = "a@example.com",
            consent = "Ticked the newsletter box at checkout",
            lists = new[] { new { listId = list, status = "subscribed" } },
        });

        var subscription = contact.GetProperty("lists")[0];
        Assert.Equal("subscribed", subscription.GetProperty("status").GetString());
        var consent = subscription.GetProperty("consent");
        Assert.Equal(("api", "Ticked the newsletter box at checkout", "crm-sync/2.1", "127.0.0.1"),
            (consent.GetProperty("route").GetString(), consent.GetProperty("statement").GetString(), consent.GetProperty("userAgent").GetString(), consent.GetProperty("ip").GetString()));
        Assert.Equal(0, fixture.Mailer.SentTo(tenant, "a@example.com"));
    }

    [Fact]
    public async Task Adding_an_address_again_answers_the_same_contact_with_its_attributes_merged()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var first = await client.PostAsJsonAsync("/contacts", new { email = "b@example.com", attributes = new { first_name = "Bo", city = "Oslo" } });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.JsonAsync()).GetProperty("id").GetString();

        var second = await client.PostAsJsonAsync("/contacts", new { email = "B@EXAMPLE.com", attributes = new { city = "Bergen", age = 40 } });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var contact = await second.JsonAsync();
        Assert.Equal(id, contact.GetProperty("id").GetString());
        var attributes = contact.GetProperty("attributes");
        Assert.Equal(("Bo", "Bergen", 40), (attributes.GetProperty("first_name").GetString(), attributes.GetProperty("city").GetString(), attributes.GetProperty("age").GetInt32()));
    }

    [Fact]
    public async Task A_contacts_attributes_are_merged_by_PATCH_a_null_removes_one_and_they_stay_bounded()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var id = (await ListsFixture.AddContactAsync(client, new { email = "c@example.com", attributes = new { a = 1, b = 2 } })).GetProperty("id").GetString();

        var patched = await client.PatchAsJsonAsync($"/contacts/{id}", new { attributes = new Dictionary<string, object?> { ["b"] = null, ["c"] = "three" } });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var attributes = (await patched.JsonAsync()).GetProperty("attributes");
        Assert.Equal(["a", "c"], attributes.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var read = await (await client.GetAsync($"/contacts/{id}")).JsonAsync();
        Assert.Equal("three", read.GetProperty("attributes").GetProperty("c").GetString());

        var big = await client.PatchAsJsonAsync($"/contacts/{id}", new { attributes = new { notes = new string('x', 9000) } });
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("8192 bytes", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/contacts/{id}", new { attributes = new { n1 = new string('y', 3000), n2 = new string('y', 3000) } })).StatusCode);
        var tooBigTogether = await client.PatchAsJsonAsync($"/contacts/{id}", new { attributes = new { n3 = new string('y', 3000) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBigTogether.StatusCode);
        Assert.Contains("set them to null", await tooBigTogether.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync("/contacts/ct_00000000000000000000000000", new { attributes = new { a = 1 } })).StatusCode);
    }

    [Fact]
    public async Task A_contact_is_subscribed_with_consent_and_unsubscribed_through_the_API()
    {
        var tenant = ListsFixture.NewTenantId();
        using var client = fixture.Writer(tenant);
        var list = await ListsFixture.CreateListAsync(client);
        var id = (await ListsFixture.AddContactAsync(client, new { email = "d@example.com" })).GetProperty("id").GetString();

        var noConsent = await client.PutAsJsonAsync($"/contacts/{id}/lists/{list}", new { status = "subscribed" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noConsent.StatusCode);

        var subscribed = await client.PutAsJsonAsync($"/contacts/{id}/lists/{list}", new { consent = "Signed up at our stand, paper form 2026-11-02" });
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.Equal("subscribed", (await subscribed.JsonAsync()).GetProperty("status").GetString());

        var unsubscribed = await client.DeleteAsync($"/contacts/{id}/lists/{list}");
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        var subscription = await unsubscribed.JsonAsync();
        Assert.Equal(("unsubscribed", "api"), (subscription.GetProperty("status").GetString(), subscription.GetProperty("unsubscribeReason").GetString()));
        Assert.Equal("Signed up at our stand, paper form 2026-11-02", subscription.GetProperty("consent").GetProperty("statement").GetString());

        var other = await ListsFixture.CreateListAsync(client);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/contacts/{id}/lists/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/contacts/{id}/lists/lst_00000000000000000000000000", new { })).StatusCode);

        var pending = await client.PutAsJsonAsync($"/contacts/{id}/lists/{other}", new { status = "pending" });
        Assert.Equal("pending", (await pending.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(1, fixture.Mailer.SentFor(tenant, other));
    }

    [Fact]
    public async Task Contacts_are_found_by_list_status_and_address_and_paged()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client);
        for (var i = 0; i < 5; i++)
        {
            await ListsFixture.AddContactAsync(client, new
            {
                email = $"member{i}@example.com",
                consent = i % 2 == 0 ? "web form" : null,
                lists = new[] { new { listId = list } },
            });
        }

        await ListsFixture.AddContactAsync(client, new { email = "outsider@example.org" });

        var subscribed = await (await client.GetAsync($"/contacts?list={list}&status=subscribed")).JsonAsync();
        Assert.Equal(["member0@example.com", "member2@example.com", "member4@example.com"],
            subscribed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("email").GetString()).Order(StringComparer.Ordinal));
        var found = await (await client.GetAsync("/contacts?q=OUTSIDER")).JsonAsync();
        Assert.Equal("outsider@example.org", Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());

        var emails = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/contacts?list={list}&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
            emails.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("email").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(5, emails.Distinct().Count());
        Assert.DoesNotContain("outsider@example.org", emails);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/contacts?status=subscribed")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/contacts?list={list}&status=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/contacts?list=lst_00000000000000000000000000")).StatusCode);
    }

    [Fact]
    public async Task Erasing_a_contact_deletes_it_and_the_address_cannot_be_added_again_through_the_API()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client);
        var id = (await ListsFixture.AddContactAsync(client, new { email = "gone@example.com", consent = "form", lists = new[] { new { listId = list } } })).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/contacts/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/contacts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/contacts/{id}")).StatusCode);
        var again = await client.PostAsJsonAsync("/contacts", new { email = "Gone@Example.com" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("erased", await again.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty((await (await client.GetAsync($"/contacts?list={list}")).JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_suppressed_address_is_added_pending_but_gets_no_confirmation_mail()
    {
        var tenant = ListsFixture.NewTenantId();
        using var client = fixture.Writer(tenant);
        var list = await ListsFixture.CreateListAsync(client);
        await fixture.Api.Services.GetRequiredService<SuppressionList>().AddAsync(tenant, "bounced@example.com", SuppressionReason.Bounce, "test", CancellationToken.None);

        var contact = await ListsFixture.AddContactAsync(client, new { email = "bounced@example.com", lists = new[] { new { listId = list } } });

        Assert.Equal("pending", contact.GetProperty("lists")[0].GetProperty("status").GetString());
        Assert.Equal(0, fixture.Mailer.SentTo(tenant, "bounced@example.com"));
    }

    public static TheoryData<string, HttpStatusCode, string> BadContacts => new()
    {
        { """{}""", HttpStatusCode.BadRequest, "email" },
        { """{"email":"not-an-address"}""", HttpStatusCode.BadRequest, "email" },
        { """{"email":"a@localhost"}""", HttpStatusCode.BadRequest, "email" },
        { """{"email":"a@example.com","attributes":[1,2]}""", HttpStatusCode.BadRequest, "attributes" },
        { """{"email":"a@example.com","attributes":{"email":"x"}}""", HttpStatusCode.BadRequest, "set by EmailList" },
        { """{"email":"a@example.com","lists":[{"listId":"nope"}]}""", HttpStatusCode.BadRequest, "lists[0].listId" },
        { """{"email":"a@example.com","lists":[{"listId":"lst_00000000000000000000000000","status":"maybe"}]}""", HttpStatusCode.BadRequest, "lists[0].status" },
        { """{"email":"a@example.com","lists":[{"listId":"lst_00000000000000000000000000"}]}""", HttpStatusCode.UnprocessableEntity, "no list" },
        { """{"email":"a@example.com","consent":""}""", HttpStatusCode.BadRequest, "consent" },
        { """{"email":"a@example.com","extra":1}""", HttpStatusCode.BadRequest, "extra" },
    };

    [Theory]
    [MemberData(nameof(BadContacts))]
    public async Task A_bad_contact_is_refused_with_a_problem_that_names_what_is_wrong(string body, HttpStatusCode status, string mentioned)
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());

        var response = await client.PostAsync("/contacts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await (await client.GetAsync("/contacts")).JsonAsync()).GetProperty("items").EnumerateArray());
    }
}
