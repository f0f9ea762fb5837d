using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Suppression;

/// <summary>
/// Entries per reason, counted by paging GET /suppression-list?reason= (the API has no count) up to <see cref="Cap"/>
/// per reason, so a huge list costs a bounded number of calls and reads "10,000 or more".
/// </summary>
public sealed record SuppressionCounts(IReadOnlyList<(string Reason, long Count, bool AtLeast)> ByReason)
{
    public const int Cap = 10_000;
    private const int PageSize = 1000;

    public static readonly IReadOnlyList<string> Reasons = ["BOUNCE", "COMPLAINT", "UNSUBSCRIBE", "MANUAL"];

    public static async Task<(SuppressionCounts? Counts, ApiProblem? Problem)> CountAsync(QueryApiClient api, CancellationToken cancellationToken)
    {
        var counts = new List<(string, long, bool)>();
        foreach (var reason in Reasons)
        {
            long count = 0;
            string? cursor = null;
            do
            {
                var pairs = new List<KeyValuePair<string, string?>> { new("reason", reason), new("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
                if (cursor is not null)
                {
                    pairs.Add(new("cursor", cursor));
                }

                var page = await api.ListSuppressedAsync(QueryString.Create(pairs), cancellationToken);
                if (!page.Succeeded)
                {
                    return (null, page.Problem);
                }

                count += page.Value!.Items.Count;
                cursor = page.Value.NextCursor;
            }
            while (cursor is not null && count < Cap);

            counts.Add((reason, count, cursor is not null));
        }

        return (new SuppressionCounts(counts), null);
    }
}
