namespace EmailList.QueryApi.Suppression;

internal sealed record SyncResponse(string Direction, SyncPullResult? Pull, SyncPushResult? Push, IReadOnlyList<string> Notes);
