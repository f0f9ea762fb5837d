using System.Globalization;

namespace EmailList.Bench;

public sealed record LatencySummary(string Name, int Completed, int Failed, double Seconds, double P50, double P90, double P99, double Max)
{
    public ProcessCost? Cost { get; init; }

    public const string Header = "phase                                   | req/s  | ok     | failed | p50 ms | p90 ms | p99 ms | max ms";

    public static LatencySummary From(string name, List<double> latencies, int failed, double seconds)
    {
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        return new LatencySummary(name, latencies.Count, failed, seconds, At(0.50), At(0.90), At(0.99), latencies.Count == 0 ? double.NaN : latencies[^1]);
    }

    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-39} | {Completed / Seconds,6:F0} | {Completed,6} | {Failed,6} | {P50,6:F2} | {P90,6:F2} | {P99,6:F2} | {Max,6:F1}");

    /// <summary>CPU per request of the send API process and of the bench process (client and sandbox), and the bench process's allocations.</summary>
    public string ToCostRow() => Cost is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"{Name,-39} | send API CPU {Cost.SendApiCpuMilliseconds / Math.Max(1, Completed + Failed):F2} ms/req | client+sandbox CPU {Cost.CpuMilliseconds / Math.Max(1, Completed + Failed):F2} ms/req, {Cost.AllocatedBytes / 1024.0 / Math.Max(1, Completed + Failed):F1} KiB/req, {Cost.Gen0} GCs");
}
