using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EmailList.Core.Broadcasts;
using EmailList.Core.Credentials;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Scheduling;
using EmailList.Core.Sending;
using EmailList.Core.Suppression;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using EmailList.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EmailList.Dispatcher.Tests;

/// <summary>The dispatcher over a real SQLite store in a temporary file, SES and STS scripted, on the given clock.</summary>
internal sealed class DispatcherRig : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-dispatcher-" + Guid.NewGuid().ToString("N"));
    private readonly TestMeterFactory _meters = new();

    private DispatcherRig(TimeProvider time, DispatcherOptions options, BroadcastOptions? broadcastOptions)
    {
        Time = time;
        Options = options;
        Directory.CreateDirectory(_folder);
        var database = new SqliteDatabase(
            Microsoft.Extensions.Options.Options.Create(new SqliteOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "emaillist.db")}" }),
            time, NullLogger<SqliteDatabase>.Instance);
        Database = database;
        Store = new SqliteScheduledMailStore(database);
        Tenants = new SqliteTenantStore(database);
        Suppression = new SqliteSuppressionStore(database);
        var broker = new TenantCredentialBroker(new FixedRoleAssumer(time), new NoCredentialCache(),
            Microsoft.Extensions.Options.Options.Create(new CredentialBrokerOptions()), time, NullLogger<TenantCredentialBroker>.Instance);
        var directory = new TenantDirectory(Tenants, Microsoft.Extensions.Options.Options.Create(new TenantDirectoryOptions { CacheDuration = TimeSpan.Zero }), time);
        var sender = new MailSender(new SuppressionList(Suppression, new StoreSuppressionLookup(Suppression), time), broker, Ses, time);
        var rates = new SesSendRates(broker, Ses, Microsoft.Extensions.Options.Options.Create(new SendRateOptions()), time, NullLogger<SesSendRates>.Instance);
        Gate = new InProcessSendRateGate(rates);
        Broadcasts = new SqliteBroadcastStore(database);
        Lists = new SqliteListStore(database);
        Contacts = new SqliteContactStore(database);
        Events = new SqliteEventStore(database);
        BroadcastOptions = broadcastOptions ?? new BroadcastOptions { CacheDuration = TimeSpan.Zero };
        var listOptions = Microsoft.Extensions.Options.Options.Create(ListOptions);
        Tokens = new ListTokenSigner(listOptions, time);
        var renderer = new ListMailRenderer(new SqliteTemplateStore(database), new TemplateRenderer(Microsoft.Extensions.Options.Options.Create(new TemplateRendererOptions())));
        var broadcastOptionsValue = Microsoft.Extensions.Options.Options.Create(BroadcastOptions);
        Composer = new BroadcastMailComposer(Broadcasts, Contacts, renderer, Tokens, rates, listOptions, broadcastOptionsValue, time);
        _directory = directory;
        _rates = rates;
        Expander = ExpanderOn(Broadcasts);
        Dispatcher = new ScheduledMailDispatcher(Store, directory, Gate, rates, sender, Microsoft.Extensions.Options.Options.Create(options),
            new DispatcherMetrics(_meters), time, Log, Composer);
    }

    private readonly TenantDirectory _directory;
    private readonly SesSendRates _rates;

    /// <summary>Another expander instance (its own lease owner) on the given stores.</summary>
    public BroadcastExpander ExpanderOn(IBroadcastStore broadcasts, IScheduledMailStore? mail = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(BroadcastOptions);
        return new BroadcastExpander(broadcasts, mail ?? Store, Contacts, _directory, _rates, new BroadcastGuard(Events, options, Time),
            options, Time, NullLogger<BroadcastExpander>.Instance);
    }

    public ListOptions ListOptions { get; } = new()
    {
        PublicBaseUrl = new Uri("https://lists.example.test/"),
        TokenKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    public BroadcastOptions BroadcastOptions { get; }
    public SqliteBroadcastStore Broadcasts { get; }
    public SqliteListStore Lists { get; }
    public SqliteContactStore Contacts { get; }
    public SqliteEventStore Events { get; }
    public ListTokenSigner Tokens { get; }
    public BroadcastMailComposer Composer { get; }
    public BroadcastExpander Expander { get; }

    public TimeProvider Time { get; }
    public DispatcherOptions Options { get; }
    public SqliteDatabase Database { get; }
    public SqliteScheduledMailStore Store { get; }
    public SqliteTenantStore Tenants { get; }
    public SqliteSuppressionStore Suppression { get; }
    public ScriptedSes Ses { get; } = new();
    public InProcessSendRateGate Gate { get; }
    public CapturingLogger Log { get; } = new();
    public ScheduledMailDispatcher Dispatcher { get; }

    public static async Task<DispatcherRig> StartAsync(TimeProvider time, DispatcherOptions? options = null, BroadcastOptions? broadcastOptions = null)
    {
        var rig = new DispatcherRig(time, options ?? new DispatcherOptions(), broadcastOptions);
        await new SqliteSchemaInitializer(rig.Database).StartAsync(default);
        return rig;
    }

    public async Task<Tenant> AddTenantAsync(string id)
    {
        var tenant = new Tenant
        {
            Id = id,
            Name = id,
            ExternalId = ExternalIdGenerator.Create(),
            Status = TenantStatus.Active,
            AwsAccountId = "222222222222",
            RoleArn = "arn:aws:iam::222222222222:role/Sender",
            Region = "us-east-1",
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
        };
        Assert.True(await Tenants.TryCreateAsync(tenant, default));
        return tenant;
    }

    public async Task<ScheduledMail> ScheduleAsync(string tenantId, DateTimeOffset at, params string[] to)
    {
        var message = new MailMessage
        {
            From = MailboxAddress.Parse("news@example.com"),
            To = [.. (to.Length == 0 ? ["reader@example.com"] : to).Select(MailboxAddress.Parse)],
            Subject = "Later",
            Text = "Hi",
        };
        var mail = new ScheduledMail
        {
            TenantId = tenantId,
            Id = ScheduledMailId.New(),
            ScheduledAt = at,
            Content = StoredMailMessage.Serialize(message),
            Recipients = message.To.Count,
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
        };
        await Store.AddAsync(mail, default);
        return mail;
    }

    public Task<IReadOnlyList<ScheduledMailClaim>> ClaimAsync(string owner = "test") =>
        Store.ClaimDueAsync(Time.GetUtcNow(), 100, 100, owner, Options.Lease, default);

    public async Task<ScheduledMail> GetAsync(ScheduledMail mail) => (await Store.GetAsync(mail.TenantId, mail.Id, default))!;

    public async ValueTask DisposeAsync()
    {
        Dispatcher.Dispose();
        await Events.DisposeAsync();
        Gate.Dispose();
        _meters.Dispose();
        await Task.Yield();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class FixedRoleAssumer(TimeProvider time) : IRoleAssumer
    {
        public Task<TemporaryCredentials> AssumeRoleAsync(RoleAssumptionRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new TemporaryCredentials("ASIATESTTESTTEST0001", "secret", "token", time.GetUtcNow().AddHours(1)));
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}

/// <summary>Keeps every message logged, so a test can see that a lost claim was reported.</summary>
internal sealed class CapturingLogger : ILogger<ScheduledMailDispatcher>
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}
