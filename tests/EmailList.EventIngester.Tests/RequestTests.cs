using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EmailList.Core.Events;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class RequestTests(IngesterFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("test-ingest-key-0123456789-abcdefghijklmnoq")]
    [InlineData("test-ingest-key-0123456789-abcdefghijklmno")]
    [InlineData("TEST-INGEST-KEY-0123456789-ABCDEFGHIJKLMNOP")]
    public async Task A_missing_or_wrong_ingest_key_is_refused_and_nothing_is_stored(string? key)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Host.CreateIngestClient(key);

        var response = await fixture.PostAsync(IngesterFixture.EventOf(tenant, "bounce"), client);

        var detail = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-EmailList-Ingest-Key", detail, StringComparison.Ordinal);
        await AssertNothingStored(tenant.Id);
    }

    [Fact]
    public async Task The_ingest_key_sent_twice_is_refused()
    {
        using var client = fixture.Host.CreateIngestClient(IngesterFixture.Secret);
        client.DefaultRequestHeaders.Add("X-EmailList-Ingest-Key", IngesterFixture.Secret);

        var response = await fixture.PostAsync("[]", client);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"version\":\"0\",", "Malformed JSON", "not valid JSON")]
    [InlineData("42", "Malformed body", "JSON number")]
    public async Task A_body_that_is_not_JSON_events_is_refused(string body, string title, string mentioned)
    {
        var response = await fixture.PostAsync(body);

        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(mentioned, detail, StringComparison.Ordinal);
        Assert.Equal(title, (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_batch_with_one_event_that_is_not_an_SES_event_is_refused_whole_naming_that_event()
    {
        var tenant = await fixture.CreateTenantAsync();
        var notSes = IngesterFixture.EventOf(tenant, "send");
        notSes["source"] = "aws.s3";

        var response = await fixture.PostAsync(new JsonArray(IngesterFixture.EventOf(tenant, "send"), notSes));

        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Event 1", detail, StringComparison.Ordinal);
        Assert.Contains("aws.s3", detail, StringComparison.Ordinal);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("eventIndex").GetInt32());
        await AssertNothingStored(tenant.Id);
    }

    [Fact]
    public async Task A_batch_over_the_configured_size_is_refused()
    {
        var tenant = await fixture.CreateTenantAsync();
        var batch = new JsonArray(Enumerable.Range(0, 11).Select(_ => (JsonNode)IngesterFixture.EventOf(tenant, "open")).ToArray());

        var response = await fixture.PostAsync(batch);

        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("at most 10", detail, StringComparison.Ordinal);
        await AssertNothingStored(tenant.Id);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var tenant = await fixture.CreateTenantAsync();
        var sesEvent = IngesterFixture.EventOf(tenant, "send");
        sesEvent["detail"]!["mail"]!["commonHeaders"]!["subject"] = new string('x', 300 * 1024);

        var response = await fixture.PostAsync(sesEvent);

        var detail = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("262144", detail, StringComparison.Ordinal);
        await AssertNothingStored(tenant.Id);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Events_sent_as_another_media_type_than_JSON_are_refused_with_415_and_nothing_is_stored(string? mediaType)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var content = new StringContent(IngesterFixture.EventOf(tenant, "bounce").ToJsonString());
        content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);

        var response = await fixture.Client.PostAsync("/ses-events", content);

        Assert.Contains("application/json", await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        await AssertNothingStored(tenant.Id);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413()
    {
        var oversized = new MemoryStream(Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("\"" + new string('x', 1024) + "\"", 300)) + "]"));
        using var content = new StreamContent(new NonSeekableStream(oversized));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await fixture.Client.PostAsync("/ses-events", content);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private async Task AssertNothingStored(string tenantId) =>
        Assert.Empty((await fixture.Events.QueryAsync(tenantId, new EventQuery(), CancellationToken.None)).Items);

    /// <summary>Hides the length, so HttpClient sends the body chunked, without Content-Length.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
