using EmailList.Core.Identifiers;
using EmailList.Core.Lists;

namespace EmailList.Testing.Contracts;

/// <summary>
/// What every <see cref="IImportStore"/> must do; derive once per implementation. Claims serve every tenant, so each
/// test gets a store on empty storage of its own.
/// </summary>
public abstract class ImportStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>A store on empty storage that no other test uses.</summary>
    protected abstract Task<IImportStore> CreateEmptyStoreAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task An_uploaded_import_reads_back_queued_with_its_chunks()
    {
        var store = await CreateEmptyStoreAsync();
        var job = await AddAsync(store, NewTenantId(), T0, chunks: 2);

        var read = await store.GetAsync(job.TenantId, job.Id, None);

        Assert.NotNull(read);
        Assert.Equal((ImportStatus.Queued, job.ListId, "we met at the fair ✓", "203.0.113.9", "curl/8"),
            (read.Status, read.ListId, read.ConsentStatement, read.Ip, read.UserAgent));
        Assert.Equal(["email", "first_name"], read.Columns);
        Assert.Equal((3, 2, 0, T0), (read.TotalRows, read.ChunkCount, read.Attempts, read.CreatedAt));
        Assert.Equal(0, read.Progress.Processed);
        Assert.Equal(Rows(1), (await store.GetChunkAsync(job.TenantId, job.Id, 1, None))!.Rows);
        Assert.Null(await store.GetChunkAsync(job.TenantId, job.Id, 2, None));
    }

    [Fact]
    public async Task Another_tenant_reads_neither_the_import_nor_its_chunks()
    {
        var store = await CreateEmptyStoreAsync();
        var job = await AddAsync(store, NewTenantId(), T0, chunks: 1);
        var intruder = NewTenantId();

        Assert.Null(await store.GetAsync(intruder, job.Id, None));
        Assert.Null(await store.GetChunkAsync(intruder, job.Id, 0, None));
        await store.DeleteAsync(intruder, job.Id, None);
        Assert.NotNull(await store.GetAsync(job.TenantId, job.Id, None));
    }

    [Fact]
    public async Task Adding_an_id_that_exists_is_refused()
    {
        var store = await CreateEmptyStoreAsync();
        var job = await AddAsync(store, NewTenantId(), T0, chunks: 1);

        await Assert.ThrowsAnyAsync<Exception>(() => store.AddAsync(job with { ListId = "lst_other" }, None));
    }

    [Fact]
    public async Task A_claim_takes_the_oldest_queued_import_and_no_second_worker_gets_it()
    {
        var store = await CreateEmptyStoreAsync();
        var later = await AddAsync(store, NewTenantId(), T0.AddSeconds(5), chunks: 1);
        var older = await AddAsync(store, NewTenantId(), T0, chunks: 1);

        var first = await store.ClaimAsync(T0.AddSeconds(10), "worker-a", Lease, None);
        var second = await store.ClaimAsync(T0.AddSeconds(10), "worker-b", Lease, None);
        var third = await store.ClaimAsync(T0.AddSeconds(10), "worker-c", Lease, None);

        Assert.Equal(older.Id, first!.Job.Id);
        Assert.Equal((ImportStatus.Running, 1), (first.Job.Status, first.Job.Attempts));
        Assert.Equal(T0.AddSeconds(10) + Lease, first.LeaseUntil);
        Assert.Equal(later.Id, second!.Job.Id);
        Assert.Null(third);
        Assert.Equal(ImportStatus.Running, (await store.GetAsync(older.TenantId, older.Id, None))!.Status);
    }

    [Fact]
    public async Task An_import_is_not_claimed_before_its_time()
    {
        var store = await CreateEmptyStoreAsync();
        await AddAsync(store, NewTenantId(), T0, chunks: 1);

        Assert.Null(await store.ClaimAsync(T0.AddSeconds(-1), "worker-a", Lease, None));
    }

    [Fact]
    public async Task Concurrent_claims_hand_each_import_to_one_worker()
    {
        var store = await CreateEmptyStoreAsync();
        var jobs = new List<ImportJob>();
        for (var i = 0; i < 4; i++)
        {
            jobs.Add(await AddAsync(store, NewTenantId(), T0.AddSeconds(i), chunks: 1));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.ClaimAsync(T0.AddMinutes(1), $"worker-{i}", Lease, None)));

        var claimed = claims.Where(c => c is not null).Select(c => c!.Job.Id).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(jobs.Select(j => j.Id).Order(StringComparer.Ordinal), claimed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Progress_is_kept_and_extends_the_lease_and_a_crashed_workers_import_resumes_from_it_elsewhere()
    {
        var store = await CreateEmptyStoreAsync();
        var job = await AddAsync(store, NewTenantId(), T0, chunks: 2);
        var claim = (await store.ClaimAsync(T0, "worker-a", Lease, None))!;
        var progress = new ImportProgress
        {
            ChunksDone = 1,
            Processed = 2,
            Created = 1,
            Updated = 0,
            Suppressed = 1,
            Skipped = new Dictionary<string, int> { [ImportSkipReason.InvalidAddress] = 1 },
            Errors = [new ImportRowError(3, ImportSkipReason.InvalidAddress, "'x' is not an email address.")],
        };

        var extended = await store.SaveProgressAsync(claim, progress, T0.AddSeconds(30), T0.AddSeconds(90), None);
        Assert.NotNull(extended);
        Assert.Equal(T0.AddSeconds(90), extended.LeaseUntil);

        // worker-a dies here: nobody may take the import before the extended lease ends, anybody may after.
        Assert.Null(await store.ClaimAsync(T0.AddSeconds(80), "worker-b", Lease, None));
        var resumed = await store.ClaimAsync(T0.AddSeconds(91), "worker-b", Lease, None);

        Assert.NotNull(resumed);
        Assert.Equal((job.Id, 2), (resumed.Job.Id, resumed.Job.Attempts));
        Assert.Equal((1, 2, 1, 1), (resumed.Job.Progress.ChunksDone, resumed.Job.Progress.Processed, resumed.Job.Progress.Created, resumed.Job.Progress.Suppressed));
        Assert.Equal(1, resumed.Job.Progress.Skipped[ImportSkipReason.InvalidAddress]);
        Assert.Equal(new ImportRowError(3, ImportSkipReason.InvalidAddress, "'x' is not an email address."), Assert.Single(resumed.Job.Progress.Errors));

        // The dead worker's claim is lost: it can neither write progress nor end the import.
        Assert.Null(await store.SaveProgressAsync(extended, progress with { ChunksDone = 2 }, T0.AddSeconds(92), T0.AddSeconds(150), None));
        Assert.False(await store.CompleteAsync(extended, ImportStatus.Completed, progress, null, T0.AddSeconds(92), None));
        Assert.Equal(1, (await store.GetAsync(job.TenantId, job.Id, None))!.Progress.ChunksDone);
    }

    [Fact]
    public async Task Completing_ends_the_import_with_its_counts_and_deletes_its_chunks()
    {
        var store = await CreateEmptyStoreAsync();
        var job = await AddAsync(store, NewTenantId(), T0, chunks: 2);
        var claim = (await store.ClaimAsync(T0, "worker-a", Lease, None))!;
        var progress = new ImportProgress { ChunksDone = 2, Processed = 3, Created = 2, Updated = 1 };

        Assert.True(await store.CompleteAsync(claim, ImportStatus.Completed, progress, null, T0.AddSeconds(5), None));

        var read = (await store.GetAsync(job.TenantId, job.Id, None))!;
        Assert.Equal((ImportStatus.Completed, 3, 2, 1), (read.Status, read.Progress.Processed, read.Progress.Created, read.Progress.Updated));
        Assert.Equal(T0.AddSeconds(5), read.CompletedAt);
        Assert.Null(read.FailureReason);
        Assert.Null(await store.GetChunkAsync(job.TenantId, job.Id, 0, None));
        Assert.Null(await store.GetChunkAsync(job.TenantId, job.Id, 1, None));
        Assert.Null(await store.ClaimAsync(T0.AddHours(1), "worker-b", Lease, None));
    }

    [Fact]
    public async Task A_failed_import_keeps_its_reason_and_is_not_claimed_again()
    {
        var store = await CreateEmptyStoreAsync();
        var job = await AddAsync(store, NewTenantId(), T0, chunks: 1);
        var claim = (await store.ClaimAsync(T0, "worker-a", Lease, None))!;

        Assert.True(await store.CompleteAsync(claim, ImportStatus.Failed, ImportProgress.None, "The list was deleted during the import.", T0.AddSeconds(1), None));

        var read = (await store.GetAsync(job.TenantId, job.Id, None))!;
        Assert.Equal((ImportStatus.Failed, "The list was deleted during the import."), (read.Status, read.FailureReason));
        Assert.Null(await store.ClaimAsync(T0.AddHours(1), "worker-b", Lease, None));
    }

    [Fact]
    public async Task Deleting_a_half_uploaded_import_removes_its_chunks()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var id = RandomId.New(ListIds.Import);
        await store.AddChunkAsync(tenant, id, new ImportChunk(0, Rows(0)), None);
        await store.AddChunkAsync(tenant, id, new ImportChunk(1, Rows(1)), None);

        await store.DeleteAsync(tenant, id, None);

        Assert.Null(await store.GetChunkAsync(tenant, id, 0, None));
        Assert.Null(await store.GetChunkAsync(tenant, id, 1, None));
        Assert.Null(await store.GetAsync(tenant, id, None));
    }

    [Fact]
    public async Task A_chunk_near_the_size_limit_is_stored_whole()
    {
        var store = await CreateEmptyStoreAsync();
        var tenant = NewTenantId();
        var id = RandomId.New(ListIds.Import);
        var rows = string.Concat(Enumerable.Repeat("[2,\"jane@example.com\",\"Jäne\"]\n", ImportChunk.MaxBytes / 32 - 100));

        await store.AddChunkAsync(tenant, id, new ImportChunk(0, rows), None);

        Assert.Equal(rows, (await store.GetChunkAsync(tenant, id, 0, None))!.Rows);
    }

    private static async Task<ImportJob> AddAsync(IImportStore store, string tenantId, DateTimeOffset at, int chunks)
    {
        var id = RandomId.New(ListIds.Import);
        for (var i = 0; i < chunks; i++)
        {
            await store.AddChunkAsync(tenantId, id, new ImportChunk(i, Rows(i)), None);
        }

        var job = new ImportJob
        {
            TenantId = tenantId,
            Id = id,
            ListId = RandomId.New(ListIds.List),
            ConsentStatement = "we met at the fair ✓",
            Ip = "203.0.113.9",
            UserAgent = "curl/8",
            Columns = ["email", "first_name"],
            TotalRows = 3,
            ChunkCount = chunks,
            CreatedAt = at,
            UpdatedAt = at,
        };
        await store.AddAsync(job, None);
        return job;
    }

    private static string Rows(int chunk) => $"[{chunk + 2},\"row{chunk}@example.com\",\"Jane\"]\n";

    private static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
