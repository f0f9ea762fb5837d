namespace EmailList.Bench;

/// <summary>One garbage collection as <c>GC.GetGCMemoryInfo</c> describes it.</summary>
public sealed record GcSnapshot(int Generation, long PromotedBytes, long HeapSizeBytes, double PauseMilliseconds);
