namespace EmailList.Dashboard.Api;

/// <summary>What POST /broadcasts/{id}/test sent, per address.</summary>
public sealed record BroadcastTestView(IReadOnlyList<BroadcastTestSendView> Sent);
