namespace EmailList.Core.Lists;

/// <summary>Proof of consent kept with each subscription: when, from where and how, and the statement the tenant gave for imports.</summary>
/// <param name="Statement">For imports and API calls that subscribe directly: the tenant's words for how consent was obtained.</param>
public sealed record ConsentRecord(DateTimeOffset At, ConsentRoute Route, string? Ip = null, string? UserAgent = null, string? Statement = null);
