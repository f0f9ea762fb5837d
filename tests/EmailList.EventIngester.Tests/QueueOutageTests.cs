using Amazon.SQS.Model;
using EmailList.Core.Events;
using EmailList.Core.Tenants;
using EmailList.Testing;
using EmailList.Testing.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>
/// The production intake over real processes' wiring: mail sent through the sandbox's SES becomes events on the platform bus,
/// its rule puts them in the SQS queue, and the ingester (on Kestrel, over a SQLite file) long-polls the queue. The ingester is
/// stopped and started again as a deployment or a crash would.
/// </summary>
public sealed class QueueOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-queue-" + Guid.NewGuid().ToString("N"));
    private PlatformEventPath _path = null!;
    private IngesterHost? _ingester;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _path = await PlatformEventPath.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopIngesterAsync();
        await _path.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Events_sent_while_the_ingester_is_down_wait_in_the_queue_are_each_stored_once_after_it_restarts_and_a_replay_stores_nothing_twice()
    {
        var (sandboxTenant, tenant) = await OnboardAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = await _path.SendMailAsync(sandboxTenant);
        await WaitAsync(async () => await StoredCountAsync(tenant, first) == 2, "the first mail's two events being stored");

        await StopIngesterAsync();
        var during = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            during.Add(await _path.SendMailAsync(sandboxTenant, i % 5 == 0 ? "bounce@simulator.amazonses.com" : "success@simulator.amazonses.com"));
            if (i == 9)
            {
                Assert.Equal(20, await _path.DepthAsync());
            }
        }

        Assert.Equal(40, await _path.DepthAsync());

        await StartIngesterAsync();
        await WaitAsync(async () => await _path.DepthAsync() == 0, "the queue being drained");
        foreach (var messageId in during)
        {
            Assert.Equal(2, await StoredCountAsync(tenant, messageId));
        }

        var totalBefore = await TotalStoredAsync(tenant);
        Assert.Equal(42, totalBefore);

        // Replayed while the ingester is down, so the queue shows every archived event coming back; then it drains them. A replay
        // ends now at the latest, and SES dates a Delivery a little after its Send: wait until the last one is in the past.
        var lastSent = DateTimeOffset.UtcNow;
        await WaitAsync(() => Task.FromResult(DateTimeOffset.UtcNow > lastSent.AddSeconds(1)), "the last event's time passing");
        await StopIngesterAsync();
        var replay = await _path.StartReplayAsync("after-the-outage", before);
        Assert.Equal("STARTING", replay.GetProperty("State").GetString());
        Assert.Equal(42, await _path.DepthAsync());
        await StartIngesterAsync();
        await WaitAsync(async () => await _path.DepthAsync() == 0, "the replay's messages being taken from the queue");

        Assert.Equal(42, await TotalStoredAsync(tenant));
        Assert.All(await Task.WhenAll(during.Append(first).Select(id => StoredCountAsync(tenant, id))), count => Assert.Equal(2, count));
    }

    [Fact]
    public async Task A_message_that_is_not_an_SES_event_goes_to_the_dead_letter_queue_after_the_redrive_limit_without_holding_back_the_others()
    {
        var (sandboxTenant, tenant) = await OnboardAsync();
        await _path.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = _path.QueueUrl, MessageBody = "not json at all" });
        await _path.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = _path.QueueUrl, MessageBody = """{"source":"aws.ec2","id":"x","detail-type":"EC2 Instance State-change Notification"}""" });
        var messageId = await _path.SendMailAsync(sandboxTenant);

        await WaitAsync(async () => await StoredCountAsync(tenant, messageId) == 2, "the mail's two events being stored");
        await WaitAsync(async () => await _path.DepthAsync(_path.DeadLetterQueueUrl) == 2, "both poison messages reaching the dead-letter queue");
        Assert.Equal(0, await _path.DepthAsync());
        var dead = await _path.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _path.DeadLetterQueueUrl, MaxNumberOfMessages = 10 });
        Assert.Equal(["not json at all", """{"source":"aws.ec2","id":"x","detail-type":"EC2 Instance State-change Notification"}"""],
            dead.Messages.Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_batch_that_cannot_be_stored_stays_in_the_queue_and_is_stored_when_the_store_is_back()
    {
        var (sandboxTenant, tenant) = await OnboardAsync(flaky: true);
        var flaky = _ingester!.Services.GetRequiredService<FlakyEventStore>();
        flaky.FailAdd = _ => true;
        var messageId = await _path.SendMailAsync(sandboxTenant);

        await WaitAsync(async () => (await _path.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = _path.QueueUrl,
            AttributeNames = ["ApproximateNumberOfMessagesNotVisible"],
        })).ApproximateNumberOfMessagesNotVisible > 0, "a receive of the batch that cannot be stored");
        Assert.Equal(2, await _path.DepthAsync());
        flaky.FailAdd = null;

        await WaitAsync(async () => await StoredCountAsync(tenant, messageId) == 2, "the mail's two events being stored");
        await WaitAsync(async () => await _path.DepthAsync() == 0, "the queue being drained");
        Assert.Equal(0, await _path.DepthAsync(_path.DeadLetterQueueUrl));
    }

    private static Task WaitAsync(Func<Task<bool>> condition, string what) => Eventually.TrueAsync(condition, what, Patience);

    private async Task<(SandboxTenant SandboxTenant, Tenant Tenant)> OnboardAsync(bool flaky = false)
    {
        var accountId = "4450" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sandboxTenant = await _path.Sandbox.CreateTenantAsync(accountId, "ext-outage");
        await StartIngesterAsync(flaky);
        var tenant = new Tenant
        {
            Id = "t-" + Guid.NewGuid().ToString("N")[..12],
            Name = "Outage",
            ExternalId = ExternalIdGenerator.Create(),
            Status = TenantStatus.Active,
            AwsAccountId = accountId,
            RoleArn = sandboxTenant.RoleArn,
            Region = "us-east-1",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True(await _ingester!.Services.GetRequiredService<ITenantStore>().TryCreateAsync(tenant, CancellationToken.None));
        return (sandboxTenant, tenant);
    }

    private async Task StartIngesterAsync(bool flaky = false)
    {
        IEnumerable<KeyValuePair<string, string?>> configuration =
        [
            new("Storage:Provider", "Sqlite"),
            new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "emaillist.db")}"),
            new("Ingester:SharedSecret", IngesterFixture.Secret),
            .. _path.IngesterConfiguration(),
        ];
        _ingester = await IngesterHost.StartAsync(configuration, flaky ? services => services.Decorate<IEventStore, FlakyEventStore>(inner => new FlakyEventStore(inner)) : null);
    }

    private async Task StopIngesterAsync()
    {
        if (_ingester is not null)
        {
            await _ingester.DisposeAsync();
            _ingester = null;
        }
    }

    private async Task<int> StoredCountAsync(Tenant tenant, string messageId) =>
        (await _ingester!.Services.GetRequiredService<IEventStore>().GetMessageEventsAsync(tenant.Id, messageId, 100, CancellationToken.None)).Count;

    private async Task<int> TotalStoredAsync(Tenant tenant)
    {
        var store = _ingester!.Services.GetRequiredService<IEventStore>();
        var total = 0;
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(tenant.Id, new EventQuery(Limit: 100, Cursor: cursor), CancellationToken.None);
            total += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return total;
    }
}
