using EmailList.Core.Events;
using EmailList.Core.Lists;
using EmailList.Core.Scheduling;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EmailList.Sqlite.Tests;

public sealed class RegistrationTests : IDisposable
{
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task The_ports_resolve_to_one_migrated_SQLite_file()
    {
        await using var provider = Build(new() { ["Sqlite:ConnectionString"] = _file.ConnectionString });
        provider.GetRequiredService<IStartupValidator>().Validate();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(_file.FilePath));
        Assert.IsType<SqliteTenantStore>(provider.GetRequiredService<ITenantStore>());
        Assert.IsType<SqliteSuppressionStore>(provider.GetRequiredService<ISuppressionStore>());
        Assert.IsType<SqliteScheduledMailStore>(provider.GetRequiredService<IScheduledMailStore>());
        Assert.IsType<SqliteListStore>(provider.GetRequiredService<IListStore>());
        Assert.IsType<SqliteContactStore>(provider.GetRequiredService<IContactStore>());
        Assert.IsType<SqliteImportStore>(provider.GetRequiredService<IImportStore>());
        Assert.Same(provider.GetRequiredService<ITenantStore>(), provider.GetRequiredService<ITenantStore>());
        Assert.Same(provider.GetRequiredService<SqliteEventStore>(), provider.GetRequiredService<IEventStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), service => service is SqliteEventPurgeService);
    }

    [Fact]
    public void The_default_file_is_data_emaillist_db()
    {
        using var provider = Build([]);

        Assert.Equal("Data Source=data/emaillist.db", provider.GetRequiredService<IOptions<SqliteOptions>>().Value.ConnectionString);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x.db;Mode=Memory")]
    [InlineData("Data Source=x.db;Mode=ReadOnly")]
    [InlineData("Data Source=x.db;Nonsense=1")]
    public void Start_up_fails_on_a_connection_string_the_store_cannot_use(string connectionString)
    {
        using var provider = Build(new() { ["Sqlite:ConnectionString"] = connectionString });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Sqlite:ConnectionString", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSqliteStores();
        return services.BuildServiceProvider();
    }
}
