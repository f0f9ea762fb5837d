using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Lists;

/// <summary>A page of a list's contacts and the URL of the next, as <see cref="Emails.EventRows"/>.</summary>
public sealed record ContactRows(string ListId, ContactPageView? Page, ApiProblem? Problem, string? Status, string? Search, int? Limit = null)
{
    public string? MoreUrl => Page?.NextCursor is { } cursor
        ? $"/lists/{Uri.EscapeDataString(ListId)}?handler=More&" + QueryString.Create(
            new Dictionary<string, string?> { ["status"] = Status, ["q"] = Search, ["limit"] = Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["cursor"] = cursor }
                .Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent().TrimStart('?')
        : null;

    /// <summary>The contact's membership of this list.</summary>
    public SubscriptionView? On(ContactView contact) => contact.Lists.FirstOrDefault(s => s.ListId == ListId);

    public static string Tone(string? status) => status switch
    {
        "subscribed" => "good",
        "pending" => "warn",
        _ => "bad",
    };
}
