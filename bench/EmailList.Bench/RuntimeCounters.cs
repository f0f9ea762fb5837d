namespace EmailList.Bench;

/// <summary>A process's cumulative runtime counters, as its /_diagnostics/runtime reports them.</summary>
public sealed record RuntimeCounters(long AllocatedBytes, double CpuMilliseconds, int Gen0, int Gen1, int Gen2, double PauseMilliseconds);
