namespace EmailList.Dashboard.Api;

public sealed record SyncResultView(string Direction, SyncPullView? Pull, SyncPushView? Push, IReadOnlyList<string> Notes);
