namespace EmailList.Dashboard.Api;

/// <param name="Suppressed">The address is on the suppression list, so nothing was sent to it.</param>
public sealed record BroadcastTestSendView(string To, string? MessageId, bool Suppressed);
