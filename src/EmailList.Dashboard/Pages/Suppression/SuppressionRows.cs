using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Suppression;

/// <summary>A page of suppressed addresses and what comes after it, as <see cref="Emails.EventRows"/>.</summary>
public sealed record SuppressionRows(SuppressionPageView? Page, ApiProblem? Problem, string? Prefix, string? Reason)
{
    public string? MoreUrl => Page?.NextCursor is { } cursor
        ? "/suppression?handler=More&" + QueryString.Create(
            new Dictionary<string, string?> { ["prefix"] = Prefix, ["reason"] = Reason, ["cursor"] = cursor }
                .Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent().TrimStart('?')
        : null;
}
