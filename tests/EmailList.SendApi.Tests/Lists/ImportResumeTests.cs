using System.Text;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Suppression;
using EmailList.Core.Webhooks;
using EmailList.SendApi.Contacts;
using EmailList.SendApi.Imports;
using EmailList.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.SendApi.Tests.Lists;

/// <summary>The import worker dying mid-import, on the real SQLite stores: another instance takes the import over after the lease and ends with the counts of an uninterrupted run.</summary>
public sealed class ImportResumeTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-resume-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero));
    private SqliteDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = new SqliteDatabase(
            Options.Create(new SqliteOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "emaillist.db")}" }), _time, NullLogger<SqliteDatabase>.Instance);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_worker_that_dies_after_a_chunk_is_replaced_and_the_import_ends_with_exact_counts_and_each_contact_once()
    {
        var imports = new SqliteImportStore(_database);
        var contacts = new SqliteContactStore(_database);
        var lists = new SqliteListStore(_database);
        var tenant = ListsFixture.NewTenantId();
        var list = new MailingList
        {
            TenantId = tenant,
            Id = RandomId.New(ListIds.List),
            Name = "n",
            From = "news@example.com",
            DoubleOptIn = true,
            PublicKey = RandomId.New(ListIds.PublicKey),
            CreatedAt = _time.GetUtcNow(),
            UpdatedAt = _time.GetUtcNow(),
        };
        await lists.AddAsync(list, CancellationToken.None);
        var job = await UploadAsync(imports, list, rows: 10, chunkRows: 4);
        Assert.Equal(3, job.ChunkCount);

        // Worker A: its store connection "dies" when it writes the progress of its second chunk, after that chunk's rows were imported.
        var dying = new DyingImportStore(imports, dieOnSave: 2);
        var claimA = await imports.ClaimAsync(_time.GetUtcNow(), "worker-a", Lease, CancellationToken.None);
        var mailerA = new RecordingConfirmationMailer(contacts, _time);
        await Assert.ThrowsAsync<IOException>(() => Processor(dying, lists, contacts, mailerA).RunAsync(claimA!, CancellationToken.None));
        var halfway = await imports.GetAsync(tenant, job.Id, CancellationToken.None);
        Assert.Equal((ImportStatus.Running, 1, 4), (halfway!.Status, halfway.Progress.ChunksDone, halfway.Progress.Processed));

        // Nobody takes it while A's lease runs; instance B does once it has run out.
        Assert.Null(await imports.ClaimAsync(_time.GetUtcNow().AddSeconds(30), "worker-b", Lease, CancellationToken.None));
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var claimB = await imports.ClaimAsync(_time.GetUtcNow(), "worker-b", Lease, CancellationToken.None);
        Assert.NotNull(claimB);
        Assert.Equal(2, claimB.Job.Attempts);
        var mailerB = new RecordingConfirmationMailer(contacts, _time);
        await Processor(imports, lists, contacts, mailerB).RunAsync(claimB, CancellationToken.None);

        var done = (await imports.GetAsync(tenant, job.Id, CancellationToken.None))!;
        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal((10, 9, 0, 1), (done.Progress.Processed, done.Progress.Created, done.Progress.Updated, done.Progress.Skipped[ImportSkipReason.InvalidAddress]));
        Assert.Equal(6, Assert.Single(done.Progress.Errors).Line);
        var members = await contacts.QueryAsync(tenant, new ContactQuery(list.Id, SubscriptionStatus.Pending, Limit: 100), CancellationToken.None);
        Assert.Equal(9, members.Items.Count);
        Assert.Equal(9, members.Items.Select(m => m.Contact.Email).Distinct().Count());
        Assert.Null(await imports.GetChunkAsync(tenant, job.Id, 0, CancellationToken.None));
        // Chunk 1 was done twice; its rows were asked to mail again, which the real mailer holds back within its interval.
        Assert.Equal(7, mailerA.Sent.Count);
        Assert.Equal(5, mailerB.Sent.Count);
    }

    private ImportProcessor Processor(IImportStore imports, IListStore lists, IContactStore contacts, IConfirmationMailer mailer)
    {
        var suppression = new SqliteSuppressionStore(_database);
        return new ImportProcessor(
            imports, lists, contacts, new ContactEnrollment(contacts, mailer, new ListWebhookEvents(new TenantWebhooks(new SqliteWebhookStore(_database), _time), new SqliteWebhookDeliveryStore(_database), contacts, _time), _time),
            new SuppressionList(suppression, new StoreSuppressionLookup(suppression), _time),
            Options.Create(new ImportOptions { Lease = Lease, RowConcurrency = 2 }), _time, NullLogger<ImportProcessor>.Instance);
    }

    /// <summary>Stores rows as the upload does: a JSON array per line, line numbers from 2; row 6 is not an address.</summary>
    private async Task<ImportJob> UploadAsync(SqliteImportStore imports, MailingList list, int rows, int chunkRows)
    {
        var id = RandomId.New(ListIds.Import);
        var chunks = 0;
        var text = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            text.Append('[').Append(line).Append(",\"").Append(line == 6 ? "nobody" : $"row{line}@example.com").Append("\"]\n");
            if ((i + 1) % chunkRows == 0 || i == rows - 1)
            {
                await imports.AddChunkAsync(list.TenantId, id, new ImportChunk(chunks++, text.ToString()), CancellationToken.None);
                text.Clear();
            }
        }

        var job = new ImportJob
        {
            TenantId = list.TenantId,
            Id = id,
            ListId = list.Id,
            Columns = ["email"],
            TotalRows = rows,
            ChunkCount = chunks,
            CreatedAt = _time.GetUtcNow(),
            UpdatedAt = _time.GetUtcNow(),
        };
        await imports.AddAsync(job, CancellationToken.None);
        return job;
    }

    /// <summary>The store as a worker sees it until its process dies: the <c>dieOnSave</c>th progress write never happens.</summary>
    private sealed class DyingImportStore(IImportStore inner, int dieOnSave) : IImportStore
    {
        private int _saves;

        public Task<ImportClaim?> SaveProgressAsync(ImportClaim claim, ImportProgress progress, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            ++_saves == dieOnSave ? throw new IOException("The worker's process died.") : inner.SaveProgressAsync(claim, progress, now, leaseUntil, cancellationToken);

        public Task AddChunkAsync(string tenantId, string importId, ImportChunk chunk, CancellationToken cancellationToken) => inner.AddChunkAsync(tenantId, importId, chunk, cancellationToken);
        public Task AddAsync(ImportJob job, CancellationToken cancellationToken) => inner.AddAsync(job, cancellationToken);
        public Task<ImportJob?> GetAsync(string tenantId, string importId, CancellationToken cancellationToken) => inner.GetAsync(tenantId, importId, cancellationToken);
        public Task<ImportChunk?> GetChunkAsync(string tenantId, string importId, int index, CancellationToken cancellationToken) => inner.GetChunkAsync(tenantId, importId, index, cancellationToken);
        public Task<ImportClaim?> ClaimAsync(DateTimeOffset now, string owner, TimeSpan lease, CancellationToken cancellationToken) => inner.ClaimAsync(now, owner, lease, cancellationToken);
        public Task<bool> CompleteAsync(ImportClaim claim, ImportStatus status, ImportProgress progress, string? failureReason, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.CompleteAsync(claim, status, progress, failureReason, now, cancellationToken);
        public Task DeleteAsync(string tenantId, string importId, CancellationToken cancellationToken) => inner.DeleteAsync(tenantId, importId, cancellationToken);
    }
}
