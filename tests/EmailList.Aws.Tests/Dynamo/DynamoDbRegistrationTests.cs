using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Aws.Dynamo;
using EmailList.Core.Events;
using EmailList.Core.Lists;
using EmailList.Core.Scheduling;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.Testing.Dynamo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbRegistrationTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task The_registered_stores_work_against_the_configured_endpoint_with_tables_created_at_start()
    {
        var prefix = TestTables.Options(dynalite, "registered").TablePrefix;
        await using var provider = Build(Settings(prefix, createTables: true));
        provider.GetRequiredService<IStartupValidator>().Validate();
        await StartAsync(provider);

        var tenants = provider.GetRequiredService<ITenantStore>();
        Assert.IsType<DynamoDbTenantStore>(tenants);
        Assert.IsType<DynamoDbSuppressionStore>(provider.GetRequiredService<ISuppressionStore>());
        Assert.IsType<DynamoDbEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.IsType<DynamoDbScheduledMailStore>(provider.GetRequiredService<IScheduledMailStore>());
        Assert.IsType<DynamoDbListStore>(provider.GetRequiredService<IListStore>());
        Assert.IsType<DynamoDbContactStore>(provider.GetRequiredService<IContactStore>());
        Assert.IsType<DynamoDbImportStore>(provider.GetRequiredService<IImportStore>());
        Assert.IsType<DynamoDbWebhookStore>(provider.GetRequiredService<IWebhookStore>());
        Assert.IsType<DynamoDbWebhookDeliveryStore>(provider.GetRequiredService<IWebhookDeliveryStore>());
        var now = DateTimeOffset.UnixEpoch;
        Assert.True(await tenants.TryCreateAsync(new Tenant { Id = "t-registered", Name = "n", ExternalId = "x", CreatedAt = now, UpdatedAt = now }, CancellationToken.None));
        Assert.NotNull(await tenants.GetAsync("t-registered", CancellationToken.None));
        Assert.Contains(prefix + "tenants", await TableNamesAsync());
    }

    [Fact]
    public async Task Without_CreateTables_start_up_creates_no_table()
    {
        var prefix = TestTables.Options(dynalite, "not-created").TablePrefix;
        await using var provider = Build(Settings(prefix, createTables: false));

        await StartAsync(provider);

        Assert.DoesNotContain(await TableNamesAsync(), name => name.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_us_east_1_the_emaillist_prefix_and_no_table_creation()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<DynamoDbOptions>>().Value;
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal("emaillist-", options.TablePrefix);
        Assert.False(options.CreateTables);
        Assert.Null(options.ServiceUrl);
        Assert.Equal("emaillist-suppression", provider.GetRequiredService<DynamoDbTables>().Suppression);
    }

    [Theory]
    [InlineData("DynamoDb:ServiceUrl", "ftp://127.0.0.1:8000", "DynamoDb:ServiceUrl")]
    [InlineData("DynamoDb:AccessKeyId", "local", "DynamoDb:SecretAccessKey")]
    [InlineData("DynamoDb:TablePrefix", "bad/prefix", "DynamoDb:TablePrefix")]
    [InlineData("DynamoDb:Region", "", "Region")]
    public void Start_up_fails_on_options_the_stores_cannot_use(string key, string value, string named)
    {
        using var provider = Build(new() { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(string prefix, bool createTables) => new()
    {
        ["DynamoDb:ServiceUrl"] = dynalite.ServiceUrl.AbsoluteUri,
        ["DynamoDb:AccessKeyId"] = DynaliteFixture.AccessKeyId,
        ["DynamoDb:SecretAccessKey"] = DynaliteFixture.SecretAccessKey,
        ["DynamoDb:TablePrefix"] = prefix,
        ["DynamoDb:CreateTables"] = createTables ? "true" : "false",
        ["DynamoDb:RequireTimeToLive"] = "false",
    };

    private async Task<List<string>> TableNamesAsync()
    {
        var names = new List<string>();
        string? start = null;
        do
        {
            var response = await dynalite.Client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start });
            names.AddRange(response.TableNames ?? []);
            start = response.LastEvaluatedTableName;
        }
        while (start is not null);

        return names;
    }

    private static async Task StartAsync(IServiceProvider provider)
    {
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddDynamoDbStores();
        return services.BuildServiceProvider();
    }
}
