using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Broadcasts;

public sealed record BroadcastProgress(BroadcastView? Broadcast, ApiProblem? Problem);
