namespace EmailList.Sandbox.Admin;

/// <summary>Body of <c>POST /_sandbox/outbox/{messageId}/open</c> and <c>/click</c>; every member is optional.</summary>
/// <param name="Recipient">Who opened or clicked: one of the message's recipients; null means the event names them all, as the mail object does.</param>
/// <param name="Link">The clicked link; null means <c>https://example.com/</c>.</param>
public sealed record SandboxEngagement(string? Recipient = null, string? Link = null, string? UserAgent = null, string? IpAddress = null);
