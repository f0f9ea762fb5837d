namespace EmailList.Bench;

/// <summary>A process's cumulative runtime counters, as its /_diagnostics/runtime reports them.</summary>
/// <param name="LastEphemeral">The most recent gen0/gen1 collection: what it promoted, the heap after it, its pause.</param>
public sealed record RuntimeCounters(long AllocatedBytes, double CpuMilliseconds, int Gen0, int Gen1, int Gen2, double PauseMilliseconds, GcSnapshot? LastEphemeral = null);
