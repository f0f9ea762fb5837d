using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using EmailList.Aws.Dynamo;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Tenants;
using EmailList.Sandbox.Admin;
using EmailList.Testing;
using EmailList.Testing.Auth;
using EmailList.Testing.Dynamo;
using EmailList.Testing.Hosting;
using EmailList.Testing.Redis;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace EmailList.Dispatcher.Tests;

/// <summary>
/// Two dispatcher processes, as two instances of a deployment, on DynamoDB (dynalite), real Redis and the sandbox over
/// HTTP; one is killed with SIGKILL in the middle of a run.
/// </summary>
public sealed class DispatcherCrashTests : IAsyncLifetime
{
    private const int Mails = 150;
    private const int MaxSendRate = 20;

    // Each process sends at most this many at once: what a killed process can have had in flight with SES.
    private const int Concurrency = 4;

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    private readonly RedisFixture _redis = new();
    private readonly DynaliteFixture _dynamo = new();
    private readonly SandboxFixture _sandbox = new();
    private readonly TestTokens _tokens = new();
    private readonly string _tablePrefix = $"kill{Guid.NewGuid():N}"[..12] + "-";
    private readonly List<DispatcherProcess> _processes = [];
    private DynamoDbTables _tables = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_redis.InitializeAsync(), _dynamo.InitializeAsync(), _sandbox.InitializeAsync());
        var options = Microsoft.Extensions.Options.Options.Create(new DynamoDbOptions
        {
            ServiceUrl = _dynamo.ServiceUrl,
            Region = DynaliteFixture.Region,
            AccessKeyId = DynaliteFixture.AccessKeyId,
            SecretAccessKey = DynaliteFixture.SecretAccessKey,
            TablePrefix = _tablePrefix,
            CreateTables = true,
            RequireTimeToLive = false,
        });
        _tables = new DynamoDbTables(options);
        await new DynamoDbTableInitializer(_dynamo.Client, _tables, options, TimeProvider.System, NullLogger<DynamoDbTableInitializer>.Instance)
            .EnsureTablesAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Task.WhenAll(_redis.DisposeAsync(), _dynamo.DisposeAsync(), _sandbox.DisposeAsync());
    }

    /// <remarks>
    /// SIGKILL can land between SES accepting a message and <c>MarkSent</c> being written (docs/architecture.md, "Exactly
    /// once"). The survivor, claiming such a mail after the lease, sees its unconfirmed hand-off and does not send it again:
    /// it holds it for <c>AcceptanceWindow</c> for the Send event, then marks it Failed as unconfirmed. No ingester runs
    /// here, so no Send event comes back: the test then does what the ingester does with each (ObserveAcceptedAsync with
    /// the SES message id the sandbox accepted) and sees them Sent. What it claims: no mail sent twice; every mail the
    /// store says Sent was accepted once with that id; only mail the killed process held can be unconfirmed, at most as
    /// many as it had sends in flight; and the two together paced within the account's MaxSendRate.
    /// </remarks>
    [Fact]
    public async Task Killing_one_of_two_dispatchers_mid_run_sends_nothing_twice_and_leaves_only_its_in_flight_mail_to_the_send_event()
    {
        var tenant = await OnboardTenantAsync();
        var first = await StartDispatcherAsync();
        var second = await StartDispatcherAsync();
        var store = new DynamoDbScheduledMailStore(_dynamo.Client, _tables, TimeProvider.System);
        var subjects = new Dictionary<string, string>(StringComparer.Ordinal); // subject -> mail id
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Mails; i++)
        {
            var subject = string.Create(CultureInfo.InvariantCulture, $"Scheduled {i:000}");
            var mail = await ScheduleAsync(store, tenant.Id, subject, now);
            subjects.Add(subject, mail.Id);
        }

        // Both instances are sending, and the victim holds claims, before it is killed.
        await Eventually.TrueAsync(async () =>
        {
            var claims = await ClaimsAsync();
            return claims.Any(c => c.Owner == first.Owner) && claims.Any(c => c.Owner == second.Owner)
                && (await _sandbox.Admin.GetStatsAsync()).AcceptedEmails >= 20;
        }, "both dispatchers holding claims after 20 mails sent", TimeSpan.FromSeconds(30));
        await first.KillAsync();
        var orphaned = (await ClaimsAsync()).Where(c => c.Owner == first.Owner).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(orphaned); // otherwise the kill tested nothing: the survivor must take these over after their lease

        var stored = await Eventually.ValueAsync(async () =>
        {
            var all = await Task.WhenAll(subjects.Values.Select(id => store.GetAsync(tenant.Id, id, default)));
            return (all.All(m => m!.Status is ScheduledMailStatus.Sent or ScheduledMailStatus.Failed), all.Select(m => m!).ToList());
        }, "every mail sent or unconfirmed", all => $"{all.Count(m => m.Status == ScheduledMailStatus.Sent)} of {Mails} sent", TimeSpan.FromSeconds(60));

        Assert.False(second.HasExited, second.Output);
        var outbox = await _sandbox.Admin.GetOutboxAsync(tenant.AwsAccountId, limit: 1000);
        var bySubject = outbox.GroupBy(m => m.Subject!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.All(bySubject.Values, copies => Assert.True(copies.Count == 1, $"{copies[0].Subject} sent {copies.Count} times"));
        Assert.Subset(subjects.Keys.ToHashSet(StringComparer.Ordinal), bySubject.Keys.ToHashSet(StringComparer.Ordinal)); // nothing else sent

        var unconfirmed = stored.Where(m => m.Status == ScheduledMailStatus.Failed).ToList();
        Assert.All(unconfirmed, m => Assert.Contains(m.Id, orphaned));
        Assert.All(unconfirmed, m => Assert.Contains("not sent again", m.FailureReason, StringComparison.Ordinal));
        Assert.True(unconfirmed.Count <= Concurrency, $"{unconfirmed.Count} mails unconfirmed; the killed process could have had at most {Concurrency} in flight.");
        foreach (var mail in stored.Where(m => m.Status == ScheduledMailStatus.Sent))
        {
            Assert.Equal(bySubject[StoredMailMessage.Deserialize(mail.Content).Subject].Single().MessageId, mail.MessageId);
        }

        // What the ingester does with each one's Send event: the sandbox accepted it, so it is Sent with that id.
        foreach (var mail in unconfirmed)
        {
            if (bySubject.TryGetValue(StoredMailMessage.Deserialize(mail.Content).Subject, out var copies))
            {
                Assert.True(await store.ObserveAcceptedAsync(tenant.Id, mail.Id, copies.Single().MessageId, DateTimeOffset.UtcNow, default));
                var confirmed = await store.GetAsync(tenant.Id, mail.Id, default);
                Assert.Equal((ScheduledMailStatus.Sent, copies.Single().MessageId), (confirmed!.Status, confirmed.MessageId));
            }
        }

        // Pacing: the gate and SES refill at the same rate, so a send that reaches SES a few ms ahead of the one granted
        // before it is refused and taken by the SES client's own retry; SES's 429 count is jitter, not excess. What a
        // shared bucket prevents is the mail itself being handed back as throttled: measured here 4-6 of 150 with the
        // Redis gate, 44-78 with each process pacing alone (no Redis), which together send at twice MaxSendRate.
        var handedBack = _processes.Sum(p => Regex.Count(p.Output, "SES throttled scheduled mail"));
        Assert.True(handedBack < Mails / 10, $"{handedBack} mails were throttled by SES past the client's retries: the processes together sent faster than {MaxSendRate}/s.");
        Assert.Equal(outbox.Count, (await _sandbox.Admin.GetStatsAsync()).AcceptedEmails);
        Assert.True(outbox.Count >= Mails - unconfirmed.Count);
    }

    private async Task<Tenant> OnboardTenantAsync()
    {
        var externalId = ExternalIdGenerator.Create();
        var account = await _sandbox.CreateTenantAsync("444400000001", externalId, new SandboxAccountSettings(MaxSendRate: MaxSendRate));
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant
        {
            Id = "t-crash",
            Name = "Crash test",
            ExternalId = externalId,
            Status = TenantStatus.Active,
            AwsAccountId = account.AccountId,
            RoleArn = account.RoleArn,
            Region = SandboxFixture.Region,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Assert.True(tenant.CanSend);
        Assert.True(await new DynamoDbTenantStore(_dynamo.Client, _tables).TryCreateAsync(tenant, default));
        return tenant;
    }

    private static async Task<ScheduledMail> ScheduleAsync(DynamoDbScheduledMailStore store, string tenantId, string subject, DateTimeOffset at)
    {
        var message = new MailMessage
        {
            From = MailboxAddress.Parse("news@example.com"),
            To = [MailboxAddress.Parse("success@simulator.amazonses.com")],
            Subject = subject,
            Text = "Sent later.",
        };
        var mail = new ScheduledMail
        {
            TenantId = tenantId,
            Id = ScheduledMailId.New(),
            ScheduledAt = at,
            Content = StoredMailMessage.Serialize(message),
            Recipients = 1,
            CreatedAt = at,
            UpdatedAt = at,
        };
        await store.AddAsync(mail, default);
        return mail;
    }

    private async Task<DispatcherProcess> StartDispatcherAsync()
    {
        var process = await DispatcherProcess.StartAsync(
        [
            .. _tokens.Configuration,
            new("Storage:Provider", "DynamoDb"),
            new("DynamoDb:ServiceUrl", _dynamo.ServiceUrl.AbsoluteUri),
            new("DynamoDb:Region", DynaliteFixture.Region),
            new("DynamoDb:TablePrefix", _tablePrefix),
            new("DynamoDb:AccessKeyId", DynaliteFixture.AccessKeyId),
            new("DynamoDb:SecretAccessKey", DynaliteFixture.SecretAccessKey),
            new("DynamoDb:RequireTimeToLive", "false"),
            new("ConnectionStrings:redis", _redis.ConnectionString),
            new("CredentialEncryption:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            .. SandboxAwsConfiguration.For(_sandbox),
            // A short lease, so the survivor takes the victim's claims over within seconds; the margin leaves 3 s to send.
            new("Dispatcher:Lease", Lease.ToString("c", CultureInfo.InvariantCulture)),
            new("Dispatcher:LeaseMargin", "00:00:02"),
            new("Dispatcher:PollInterval", "00:00:00.100"),
            new("Dispatcher:BatchSize", "10"),
            new("Dispatcher:PerTenantLimit", "10"),
            new("Dispatcher:Concurrency", Concurrency.ToString(CultureInfo.InvariantCulture)),
            new("Dispatcher:Backoff", "00:00:00.200"),
            new("Dispatcher:MaxBackoff", "00:00:01"),
            // Short, so the survivor gives up on the victim's unconfirmed sends within the test's time (no ingester runs here).
            new("Dispatcher:AcceptanceWindow", "00:00:03"),
        ], TimeSpan.FromSeconds(30));
        _processes.Add(process);
        return process;
    }

    /// <summary>The mails in Sending and who holds them, read from the table itself: the store's API does not show owners.</summary>
    private async Task<IReadOnlyList<(string Id, string Owner)>> ClaimsAsync()
    {
        var claims = new List<(string, string)>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await _dynamo.Client.ScanAsync(new ScanRequest
            {
                TableName = _tables.ScheduledMail,
                FilterExpression = "#status = :sending",
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExpressionAttributeValues = new() { [":sending"] = new AttributeValue { S = nameof(ScheduledMailStatus.Sending) } },
                ExclusiveStartKey = start,
            });
            // A mail held for its Send event is Sending with no owner.
            claims.AddRange(page.Items.Select(item => (item["id"].S, item.TryGetValue("owner", out var owner) ? owner.S : "")));
            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return claims;
    }
}
