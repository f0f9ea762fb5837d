namespace EmailList.Sandbox.Admin;

/// <summary>Body of <c>PUT /_sandbox/events/target</c>: where events go from now on.</summary>
/// <param name="TargetUrl">An absolute http(s) URL; null stops publishing.</param>
/// <param name="HeaderName">Null means <c>X-EmailList-Ingest-Key</c>.</param>
/// <param name="Secret">The header's value; null sends no header.</param>
public sealed record SandboxEventTarget(Uri? TargetUrl, string? HeaderName = null, string? Secret = null);
