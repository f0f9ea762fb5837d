using System.Diagnostics;

namespace EmailList.Bench;

/// <summary>CPU time, allocations and collections of this process, (and of the send API process), summed over the intervals it was started and stopped.</summary>
public sealed class ProcessCost(Process? sendApi)
{
    private TimeSpan _cpu;
    private TimeSpan _sendApiCpu;
    private long _allocated;
    private int _gen0;
    private int _gen1;
    private int _gen2;

    public double CpuMilliseconds { get; private set; }

    /// <summary>CPU time of the send API's own process.</summary>
    public double SendApiCpuMilliseconds { get; private set; }
    public long AllocatedBytes { get; private set; }
    public int Gen0 { get; private set; }
    public int Gen1 { get; private set; }
    public int Gen2 { get; private set; }

    public void Start()
    {
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sendApi?.Refresh();
        _sendApiCpu = sendApi?.TotalProcessorTime ?? TimeSpan.Zero;
        _allocated = GC.GetTotalAllocatedBytes();
        (_gen0, _gen1, _gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public void Stop()
    {
        CpuMilliseconds += (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalMilliseconds;
        sendApi?.Refresh();
        SendApiCpuMilliseconds += ((sendApi?.TotalProcessorTime ?? TimeSpan.Zero) - _sendApiCpu).TotalMilliseconds;
        AllocatedBytes += GC.GetTotalAllocatedBytes() - _allocated;
        Gen0 += GC.CollectionCount(0) - _gen0;
        Gen1 += GC.CollectionCount(1) - _gen1;
        Gen2 += GC.CollectionCount(2) - _gen2;
    }
}
