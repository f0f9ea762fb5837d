namespace EmailList.Dashboard.Api;

/// <summary>An answer without a body (204).</summary>
public sealed record NoContent;
