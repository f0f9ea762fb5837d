using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Suppression;

/// <summary>What replaces a row after "Remove": the address no longer suppressed, or why it still is.</summary>
public sealed record RemovedRow(string Email, ApiProblem? Problem);
