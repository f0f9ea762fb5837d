using Microsoft.Extensions.Options;

namespace EmailList.EventIngester.Tests;

public sealed class StartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-ingester-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("too-short-a-secret")]
    public async Task The_ingester_does_not_start_without_a_strong_shared_secret(string? secret)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => IngesterHost.StartAsync(
        [
            new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "emaillist.db")}"),
            new("Ingester:SharedSecret", secret),
        ]));

        Assert.Contains("Ingester:SharedSecret", e.Message, StringComparison.Ordinal);
    }
}
