namespace EmailList.Dashboard.Api;

public sealed record BroadcastPageView(IReadOnlyList<BroadcastView> Data, string? NextCursor);
