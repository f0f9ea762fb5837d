using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Emails;

/// <summary>A page of event rows and what comes after it: a "load more" button, the end, or the problem.</summary>
public sealed record EventRows(EventPageView? Page, ApiProblem? Problem, EventFilterForm Filter)
{
    public string? MoreUrl => Page?.NextCursor is { } cursor
        ? "/emails?handler=More&" + QueryString.Create([.. Filter.Pairs(), new KeyValuePair<string, string?>("cursor", cursor)]).ToUriComponent().TrimStart('?')
        : null;
}
