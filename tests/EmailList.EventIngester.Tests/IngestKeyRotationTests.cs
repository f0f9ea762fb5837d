using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;

namespace EmailList.EventIngester.Tests;

public sealed class IngestKeyRotationTests : IAsyncLifetime
{
    private const string NewSecret = "rotated-ingest-key-0123456789-abcdefghijk";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-ingester-" + Guid.NewGuid().ToString("N"));
    private IngesterHost _host = null!;

    public async Task InitializeAsync() => _host = await IngesterHost.StartAsync(
    [
        new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "emaillist.db")}"),
        new("Ingester:SharedSecret", NewSecret),
        new("Ingester:PreviousSharedSecret", IngesterFixture.Secret),
    ]);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(NewSecret)]
    [InlineData(IngesterFixture.Secret)]
    public async Task During_a_rotation_both_the_new_and_the_previous_ingest_key_are_accepted(string key)
    {
        using var client = _host.CreateIngestClient(key);

        using var response = await client.PostAsync(new Uri("/ses-events", UriKind.Relative), new StringContent("[]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task During_a_rotation_any_other_key_is_still_refused()
    {
        using var client = _host.CreateIngestClient("some-other-ingest-key-0123456789-abcdefgh");

        using var response = await client.PostAsync(new Uri("/ses-events", UriKind.Relative), new StringContent("[]", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_emptied_previous_ingest_key_ends_the_rotation()
    {
        await using var after = await IngesterHost.StartAsync(
        [
            new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "after.db")}"),
            new("Ingester:SharedSecret", NewSecret),
            new("Ingester:PreviousSharedSecret", ""),
        ]);
        using var current = after.CreateIngestClient(NewSecret);
        using var previous = after.CreateIngestClient(IngesterFixture.Secret);

        using var accepted = await current.PostAsync(new Uri("/ses-events", UriKind.Relative), new StringContent("[]", Encoding.UTF8, "application/json"));
        using var refused = await previous.PostAsync(new Uri("/ses-events", UriKind.Relative), new StringContent("[]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await refused.ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
