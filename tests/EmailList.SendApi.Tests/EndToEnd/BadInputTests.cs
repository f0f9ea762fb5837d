using System.Net;
using System.Text;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class BadInputTests(SendPathFixture fixture) : IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _tenant = await fixture.CreateTenantAsync();
        _client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(_tenant.Id, "mail:send"));
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("{\"from\": \"a@example.com\", ", "Malformed JSON")]
    [InlineData("[1, 2]", "Malformed JSON")]
    [InlineData("{\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"subject\":\"s\",\"text\":\"t\",\"priority\":\"high\"}", "Unknown field 'priority'")]
    [InlineData("{\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"subject\":\"s\",\"text\":\"t\",\"attachments\":[{\"filename\":\"a.txt\",\"contentType\":\"text/plain\",\"content\":\"SGk=\",\"size\":2}]}", "Unknown field 'size'")]
    [InlineData("{\"from\":\"news@example.com\",\"to\":\"x@example.org\",\"subject\":\"s\",\"text\":\"t\"}", "'$.to' has the wrong type")]
    [InlineData("{\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"subject\":\"s\",\"text\":\"t\",\"headers\":{\"X-Count\":5}}", "'$.headers.X-Count' has the wrong type")]
    [InlineData("{\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"subject\":\"s\",\"text\":\"t\",}", "not valid JSON (line 1, byte 76)")]
    [InlineData("{\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"subject\":\"s\",\"text\":\"t\",\"attachments\":[{\"filename\":\"a.txt\",\"filename\":\"b.txt\",\"content\":\"SGk=\"}]}", "field at '$.attachments[0].filename' appears more than once")]
    // A second "to" must not quietly replace the first: a gateway that checked the first would be fooled.
    [InlineData("{\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"to\":[\"y@example.org\"],\"subject\":\"s\",\"text\":\"t\"}", "more than once")]
    public async Task Malformed_JSON_and_unknown_fields_are_refused_with_400(string json, string mentioned)
    {
        var response = await _client.PostAsync("/mail", MailJson.Raw(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.JsonAsync()).ToString();
        Assert.Contains(mentioned, problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", problem, StringComparison.Ordinal);
        // What the caller sees names its own fields, never our types or the parser's settings.
        Assert.DoesNotContain("EmailList.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", problem, StringComparison.Ordinal);
        await NothingSent();
    }

    [Fact]
    public async Task Fifty_one_recipients_are_refused()
    {
        var to = Enumerable.Range(0, 30).Select(i => $"to{i}@example.org").ToArray();
        var cc = Enumerable.Range(0, 21).Select(i => $"cc{i}@example.org").ToArray();

        var response = await _client.PostMailAsync(new { from = "news@example.com", to, cc, subject = "s", text = "t" });

        await AssertValidationError(response, "50");
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("a@b@c")]
    [InlineData("Jane <jane@example.org")]
    public async Task An_invalid_address_is_refused(string address)
    {
        var response = await _client.PostMailAsync(new { from = "news@example.com", to = new[] { address }, subject = "s", text = "t" });

        await AssertValidationError(response, "to");
    }

    [Fact]
    public async Task CR_LF_in_the_subject_is_refused()
    {
        var response = await _client.PostMailAsync(new { from = "news@example.com", to = new[] { "x@example.org" }, subject = "Hi\r\nBcc: victim@example.org", text = "t" });

        await AssertValidationError(response, "subject");
    }

    [Fact]
    public async Task CR_LF_in_a_header_value_is_refused()
    {
        var response = await _client.PostMailAsync(new
        {
            from = "news@example.com",
            to = new[] { "x@example.org" },
            subject = "s",
            text = "t",
            headers = new Dictionary<string, string> { ["X-Note"] = "ok\nBcc: victim@example.org" },
        });

        await AssertValidationError(response, "headers");
    }

    [Fact]
    public async Task Bad_base64_in_an_attachment_is_refused()
    {
        var response = await _client.PostMailAsync(new
        {
            from = "news@example.com",
            to = new[] { "x@example.org" },
            subject = "s",
            text = "t",
            attachments = new[] { new { filename = "a.txt", contentType = "text/plain", content = "%%% not base64 %%%" } },
        });

        await AssertValidationError(response, "attachments");
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var big = Convert.ToBase64String(new byte[1_200_000]);
        var json = $"{{\"from\":\"news@example.com\",\"to\":[\"x@example.org\"],\"subject\":\"s\",\"text\":\"t\",\"attachments\":[{{\"filename\":\"a.bin\",\"contentType\":\"application/octet-stream\",\"content\":\"{big}\"}}]}}";

        var response = await _client.PostAsync("/mail", MailJson.Raw(json));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", await response.ProblemDetailAsync(), StringComparison.Ordinal);
        await NothingSent();
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_refused_with_415()
    {
        foreach (var mediaType in (string?[])["application/x-www-form-urlencoded", "text/plain", "application/jsonx", null])
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"from":"news@example.com","to":["x@example.org"],"subject":"s","text":"t"}"""));
            if (mediaType is not null)
            {
                content.Headers.ContentType = new(mediaType);
            }

            var response = await _client.PostAsync("/mail", content);

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await NothingSent();
    }

    [Fact]
    public async Task A_message_without_subject_or_body_lists_every_problem()
    {
        var response = await _client.PostMailAsync(new { from = "news@example.com", to = new[] { "x@example.org" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("subject", out _));
        Assert.True(errors.TryGetProperty("text", out _) || errors.TryGetProperty("html", out _) || errors.TryGetProperty("body", out _), errors.ToString());
        await NothingSent();
    }

    private async Task AssertValidationError(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(field, problem.GetProperty("errors").ToString(), StringComparison.OrdinalIgnoreCase);
        await NothingSent();
    }

    private async Task NothingSent() => Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(_tenant.AccountId!));
}
