using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using EmailList.SendApi.Tests.EndToEnd;

namespace EmailList.SendApi.Tests.Lists;

[Collection(ListsGroup.Name)]
public sealed class ExportTests(ListsFixture fixture)
{
    [Fact]
    public async Task The_export_is_every_contact_of_the_list_as_csv_across_pages_with_formula_cells_defused()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var list = await ListsFixture.CreateListAsync(client);
        var other = await ListsFixture.CreateListAsync(client);
        var csv = new StringBuilder("email,first_name,note\n");
        for (var i = 0; i < 250; i++)
        {
            csv.Append("member").Append(i).Append("@example.com,Member ").Append(i).Append(",ok\n");
        }

        csv.Append("evil@example.com,\"=HYPERLINK(\"\"http://x.test\"\",\"\"click\"\")\",\"@SUM(A1)\"\n");
        csv.Append("=cmd@example.com,\"-2+3\",\"+1\"\n");
        await ImportTests.ImportAsync(client, list, csv.ToString(), consent: "Bought a ticket, ticked the box");
        await ImportTests.ImportAsync(client, other, "email\nelsewhere@example.com\n");

        var response = await client.GetAsync($"/contacts/export?list={list}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"contacts-{list}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var rows = await ReadAsync(response);
        Assert.Equal(
            ["email", "list_id", "status", "attributes", "consent_at", "consent_route", "consent_ip", "consent_user_agent", "consent_statement",
             "confirmed_at", "unsubscribed_at", "unsubscribe_reason", "contact_id", "created_at"],
            rows[0]);
        var data = rows.Skip(1).ToList();
        Assert.Equal(252, data.Count);
        Assert.DoesNotContain(data, r => r[0] == "elsewhere@example.com");
        Assert.All(data, r => Assert.Equal((list, "subscribed", "import", "Bought a ticket, ticked the box"), (r[1], r[2], r[5], r[8])));
        var member = data.Single(r => r[0] == "member7@example.com");
        using var attributes = JsonDocument.Parse(member[3]);
        Assert.Equal("Member 7", attributes.RootElement.GetProperty("first_name").GetString());

        // OWASP: a cell a spreadsheet would run as a formula starts with a quote instead.
        var evil = data.Single(r => r[0] == "evil@example.com");
        Assert.StartsWith("{", evil[3], StringComparison.Ordinal);
        Assert.Contains("=HYPERLINK", evil[3], StringComparison.Ordinal);
        var cmd = data.Single(r => r[0].EndsWith("cmd@example.com", StringComparison.Ordinal));
        Assert.Equal("'=cmd@example.com", cmd[0]);
        Assert.All(data.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), cell));
    }

    [Fact]
    public async Task Without_a_list_the_export_has_a_row_per_subscription_and_one_for_a_contact_on_no_list()
    {
        using var client = fixture.Writer(ListsFixture.NewTenantId());
        var first = await ListsFixture.CreateListAsync(client);
        var second = await ListsFixture.CreateListAsync(client);
        await ListsFixture.AddContactAsync(client, new { email = "both@example.com", consent = "form", lists = new[] { new { listId = first }, new { listId = second } } });
        await ListsFixture.AddContactAsync(client, new { email = "none@example.com" });

        var rows = (await ReadAsync(await client.GetAsync("/contacts/export"))).Skip(1).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), rows.Where(r => r[0] == "both@example.com").Select(r => r[1]).Order(StringComparer.Ordinal));
        Assert.Equal(("", ""), rows.Where(r => r[0] == "none@example.com").Select(r => (r[1], r[2])).Single());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/contacts/export?list=lst_00000000000000000000000000")).StatusCode);
    }

    private static async Task<List<string[]>> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var reader = CsvReader.Create(bytes, new CsvReaderOptions { HasHeader = false, Separator = ',' });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "").ToArray());
        }

        return rows;
    }
}
