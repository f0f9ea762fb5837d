namespace EmailList.Sandbox.Events;

/// <summary>Where events go: the URL and the API-key header an EventBridge connection would add.</summary>
internal sealed record EventTarget(Uri Url, string HeaderName, string? Secret);
