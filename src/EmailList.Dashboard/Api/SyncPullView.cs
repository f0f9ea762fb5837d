namespace EmailList.Dashboard.Api;

public sealed record SyncPullView(int Seen, int Added, int AlreadyPresent, bool Complete);
