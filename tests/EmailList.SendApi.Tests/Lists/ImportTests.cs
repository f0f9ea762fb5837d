using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmailList.Core.Suppression;
using EmailList.SendApi.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Lists;

[Collection(ListsGroup.Name)]
public sealed class ImportTests(ListsFixture fixture)
{
    [Fact]
    public async Task An_import_with_consent_subscribes_its_rows_and_counts_what_it_skipped_by_reason_with_line_numbers()
    {
        var tenant = ListsFixture.NewTenantId();
        using var client = fixture.Writer(tenant);
        var list = await ListsFixture.CreateListAsync(client);
        await ListsFixture.AddContactAsync(client, new { email = "existing@example.com", attributes = new { first_name = "Old", plan = "free" } });
        var erased = (await ListsFixture.AddContactAsync(client, new { email = "erased@example.com" })).GetProperty("id").GetString();
        await client.DeleteAsync($"/contacts/{erased}");
        var left = (await ListsFixture.AddContactAsync(client, new { email = "left@example.com", consent = "form", lists = new[] { new { listId = list } } })).GetProperty("id").GetString();
        await client.DeleteAsync($"/contacts/{left}/lists/{list}");
        await fixture.Api.Services.GetRequiredService<SuppressionList>().AddAsync(tenant, "bounced@example.com", SuppressionReason.Bounce, "test", CancellationToken.None);
        var csv = """
            Email,first_name,plan
            new@example.com,Neu,pro
            EXISTING@example.com,,gold
            not an address,X,
            erased@example.com,E,
            "bounced@example.com","Bo, B.",free
            left@example.com,L,
            "multi@example.com","line one
            line two",
            """;

        var job = await ImportAsync(client, list, csv, consent: "Customers who opted in at checkout (2025)");

        Assert.Equal(("completed", true, 7, 7), (job.GetProperty("status").GetString(), job.GetProperty("subscribe").GetBoolean(), job.GetProperty("total").GetInt32(), job.GetProperty("processed").GetInt32()));
        Assert.Equal((3, 1, 1), (job.GetProperty("created").GetInt32(), job.GetProperty("updated").GetInt32(), job.GetProperty("suppressed").GetInt32()));
        var skipped = job.GetProperty("skipped");
        Assert.Equal((1, 1, 1, 0), (skipped.GetProperty("invalid_address").GetInt32(), skipped.GetProperty("erased").GetInt32(), skipped.GetProperty("unsubscribed").GetInt32(), skipped.GetProperty("attributes_too_large").GetInt32()));
        Assert.Equal([(4, "invalid_address"), (5, "erased"), (7, "unsubscribed")],
            job.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("reason").GetString())));

        var existing = Assert.Single((await (await client.GetAsync("/contacts?q=existing@example.com")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(("Old", "gold"), (existing.GetProperty("attributes").GetProperty("first_name").GetString(), existing.GetProperty("attributes").GetProperty("plan").GetString()));
        var subscription = existing.GetProperty("lists")[0];
        Assert.Equal(("subscribed", "import", "Customers who opted in at checkout (2025)"),
            (subscription.GetProperty("status").GetString(), subscription.GetProperty("consent").GetProperty("route").GetString(), subscription.GetProperty("consent").GetProperty("statement").GetString()));
        var multi = Assert.Single((await (await client.GetAsync("/contacts?q=multi@")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal("line one\nline two", multi.GetProperty("attributes").GetProperty("first_name").GetString()!.ReplaceLineEndings("\n"));
        var leftContact = await (await client.GetAsync($"/contacts/{left}")).JsonAsync();
        Assert.Equal("unsubscribed", leftContact.GetProperty("lists")[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/contacts", new { email = "erased@example.com" })).StatusCode);
        Assert.Equal(0, fixture.Mailer.SentFor(tenant, list));
    }

    [Fact]
    public async Task An_import_without_consent_leaves_rows_pending_with_confirmation_mail_on_a_double_opt_in_list_only()
    {
        var tenant = ListsFixture.NewTenantId();
        using var client = fixture.Writer(tenant);
        var doubleOptIn = await ListsFixture.CreateListAsync(client);
        var singleOptIn = await ListsFixture.CreateListAsync(client, doubleOptIn: false);
        const string csv = "email\r\none@example.com\r\ntwo@example.com\r\n";

        var first = await ImportAsync(client, doubleOptIn, csv);
        var second = await ImportAsync(client, singleOptIn, csv);

        Assert.False(first.GetProperty("subscribe").GetBoolean());
        Assert.Equal((2, 0), (first.GetProperty("created").GetInt32(), first.GetProperty("updated").GetInt32()));
        Assert.Equal((0, 2), (second.GetProperty("created").GetInt32(), second.GetProperty("updated").GetInt32()));
        Assert.Equal(2, fixture.Mailer.SentFor(tenant, doubleOptIn));
        Assert.Equal(0, fixture.Mailer.SentFor(tenant, singleOptIn));
        var pending = await (await client.GetAsync($"/contacts?list={doubleOptIn}&status=pending")).JsonAsync();
        Assert.Equal(2, pending.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_file_can_be_uploaded_as_multipart_form_data_with_semicolons_and_a_byte_order_mark()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("email;Vorname\njuergen@bücher.example;Jürgen\n")]);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "contacts.csv");

        var response = await client.PostAsync($"/imports?list={list}&consent=Kunden", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await WaitAsync(client, (await response.JsonAsync()).GetProperty("id").GetString()!);
        Assert.Equal(1, job.GetProperty("created").GetInt32());
        var contact = Assert.Single((await (await client.GetAsync($"/contacts?list={list}")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(("juergen@xn--bcher-kva.example", "Jürgen"), (contact.GetProperty("email").GetString(), contact.GetProperty("attributes").GetProperty("Vorname").GetString()));
    }

    [Fact]
    public async Task A_hundred_thousand_rows_are_accepted_at_once_and_imported_in_the_background_with_exact_counts()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client, doubleOptIn: false);
        var csv = new StringBuilder("email,first_name,n\n");
        for (var i = 0; i < 100_000; i++)
        {
            // Rows 999, 1999, ... are not addresses; rows 499, 1499, ... repeat the address of the row before.
            var email = i % 1000 == 999 ? $"broken{i}" : i % 500 == 499 ? $"user{i - 1}@example.com" : $"user{i}@example.com";
            csv.Append(email).Append(",Name ").Append(i).Append(',').Append(i).Append('\n');
        }

        var response = await client.PostAsync($"/imports?list={list}&consent=Migrated%20from%20our%20old%20tool", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.JsonAsync();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.StartsWith("imp_", id, StringComparison.Ordinal);
        Assert.Equal($"/imports/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(100_000, accepted.GetProperty("total").GetInt32());
        Assert.NotEqual("completed", accepted.GetProperty("status").GetString());

        var job = await WaitAsync(client, id, TimeSpan.FromMinutes(8));
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(100_000, job.GetProperty("processed").GetInt32());
        Assert.Equal(100, job.GetProperty("skipped").GetProperty("invalid_address").GetInt32());
        // 100 rows repeat an address, so they update the contact the row before created.
        Assert.Equal((99_800, 100), (job.GetProperty("created").GetInt32(), job.GetProperty("updated").GetInt32()));
        Assert.Equal(100, job.GetProperty("errors").GetArrayLength());
        Assert.Equal(1001, job.GetProperty("errors")[0].GetProperty("line").GetInt32());
        var subscribed = await (await client.GetAsync($"/contacts?list={list}&status=subscribed&q=user99998@")).JsonAsync();
        Assert.Equal("99998", subscribed.GetProperty("items")[0].GetProperty("attributes").GetProperty("n").GetString());
    }

    [Fact]
    public async Task A_file_beyond_the_row_or_size_limit_is_refused_with_413_and_nothing_is_imported()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client);
        var rows = new StringBuilder("email\n");
        for (var i = 0; i <= 100_000; i++)
        {
            rows.Append('r').Append(i).Append("@example.com\n");
        }

        var tooManyRows = await client.PostAsync($"/imports?list={list}", new StringContent(rows.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyRows.StatusCode);
        Assert.Contains("100,000 rows", await tooManyRows.ProblemDetailAsync(), StringComparison.Ordinal);

        var tooManyBytes = await client.PostAsync($"/imports?list={list}", new ByteArrayContent(Encoding.UTF8.GetBytes("email,notes\n" + new string('x', 21 * 1024 * 1024)))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("text/csv") },
        });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyBytes.StatusCode);
        Assert.Contains("20 MB", await tooManyBytes.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty((await (await client.GetAsync($"/contacts?list={list}")).JsonAsync()).GetProperty("items").EnumerateArray());
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadImports => new()
    {
        { "", "text/csv", HttpStatusCode.BadRequest, "empty" },
        { "name,city\nJane,Oslo\n", "text/csv", HttpStatusCode.BadRequest, "'email' column" },
        { "email,email\na@example.com,b@example.com\n", "text/csv", HttpStatusCode.BadRequest, "'email' column" },
        { "email,plan,PLAN\na@example.com,x,y\n", "text/csv", HttpStatusCode.BadRequest, "twice" },
        { "email,,plan\na@example.com,x,y\n", "text/csv", HttpStatusCode.BadRequest, "needs a name" },
        { "email,confirm_url\na@example.com,x\n", "text/csv", HttpStatusCode.BadRequest, "set by EmailList" },
        { "email\n", "text/csv", HttpStatusCode.BadRequest, "no rows" },
        { "email,name\na@example.com,\"unclosed\nb@example.com,x\n", "text/csv", HttpStatusCode.BadRequest, "malformed" },
        { "{\"email\":\"a@example.com\"}", "application/json", HttpStatusCode.UnsupportedMediaType, "text/csv" },
    };

    [Theory]
    [MemberData(nameof(BadImports))]
    public async Task A_bad_file_is_refused_with_a_problem_that_says_what_is_wrong(string body, string contentType, HttpStatusCode status, string mentioned)
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client);

        var response = await client.PostAsync($"/imports?list={list}", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(mentioned, await response.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_and_consent_parameters_are_checked_before_the_upload()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client);
        static StringContent Csv() => new("email\na@example.com\n", Encoding.UTF8, "text/csv");

        var noList = await client.PostAsync("/imports", Csv());
        Assert.Equal(HttpStatusCode.BadRequest, noList.StatusCode);
        Assert.Contains("list", await noList.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/imports?list=lst_00000000000000000000000000", Csv())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/imports?list={list}&consent=", Csv())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/imports/imp_00000000000000000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/imports/whatever")).StatusCode);
    }

    internal static async Task<JsonElement> ImportAsync(HttpClient client, string listId, string csv, string? consent = null)
    {
        var url = $"/imports?list={listId}" + (consent is null ? "" : "&consent=" + Uri.EscapeDataString(consent));
        var response = await client.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await WaitAsync(client, (await response.JsonAsync()).GetProperty("id").GetString()!);
    }

    internal static async Task<JsonElement> WaitAsync(HttpClient client, string id, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await (await client.GetAsync($"/imports/{id}")).JsonAsync();
            if (job.GetProperty("status").GetString() is "completed" or "failed")
            {
                return job;
            }

            Assert.True(clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)), $"Import {id} is still {job.GetProperty("status").GetString()}: {job}");
            await Task.Delay(100);
        }
    }
}
