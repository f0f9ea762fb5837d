namespace EmailList.Dashboard.Api;

public sealed record SyncPushView(int Pushed, int AlreadyInSes, int SkippedManual, int SkippedUnsubscribe, bool Complete);
