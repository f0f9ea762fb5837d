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

    [Fact]
    public async Task The_ingester_does_not_start_with_a_previous_shared_secret_weaker_than_the_current_one()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => IngesterHost.StartAsync(
        [
            new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "emaillist.db")}"),
            new("Ingester:SharedSecret", IngesterFixture.Secret),
            new("Ingester:PreviousSharedSecret", "too-short-a-secret"),
        ]));

        Assert.Contains("Ingester:PreviousSharedSecret", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("QueueUrl", "http://127.0.0.1:1/not-a-queue-url", "QueueUrl")]
    [InlineData("Pollers", "0", "Pollers")]
    [InlineData("WaitTime", "00:00:21", "WaitTime")]
    [InlineData("VisibilityTimeout", "00:00:00.500", "VisibilityTimeout")]
    [InlineData("VisibilityTimeout", "00:00:10", "VisibilityTimeout")]
    [InlineData("AccessKeyId", "AKIAONLYHALF", "SecretAccessKey")]
    public async Task The_ingester_does_not_start_with_queue_settings_that_cannot_work(string setting, string value, string named)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Sqlite:ConnectionString"] = $"Data Source={Path.Combine(_folder, "emaillist.db")}",
            ["Ingester:SharedSecret"] = IngesterFixture.Secret,
            ["Ingester:Queue:QueueUrl"] = "http://127.0.0.1:1/111111111111/emaillist-ses-events",
            ["Ingester:Queue:WaitTime"] = "00:00:20",
            ["Ingester:Queue:VisibilityTimeout"] = "00:01:00",
        };
        configuration["Ingester:Queue:" + setting] = value;

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => IngesterHost.StartAsync(configuration));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
