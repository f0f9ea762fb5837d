using System.ComponentModel.DataAnnotations;

namespace EmailList.SendApi.Imports;

/// <summary>CSV imports (section <c>Imports</c>): how large an upload may be, and how the background worker takes it on.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Imports";

    /// <summary>The largest CSV file, in bytes (a multipart body may be 64 KB larger).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 20 * 1024 * 1024;

    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Rows per stored chunk: progress is written, and a crashed import resumes, chunk by chunk.</summary>
    [Range(1, 10_000)]
    public int ChunkRows { get; set; } = 500;

    /// <summary>How long a worker holds an import without writing progress before another instance may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle worker looks for queued imports (an upload to this instance wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Imports one instance works on at once.</summary>
    [Range(1, 16)]
    public int Concurrency { get; set; } = 2;

    /// <summary>Rows of one chunk handled at once.</summary>
    [Range(1, 64)]
    public int RowConcurrency { get; set; } = 4;

    /// <summary>Row errors kept with line numbers; later ones are only counted.</summary>
    [Range(0, 1000)]
    public int MaxErrors { get; set; } = 100;

    /// <summary>Claims of one import before it is failed (each claim after the first means a worker stopped or crashed during it).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}
