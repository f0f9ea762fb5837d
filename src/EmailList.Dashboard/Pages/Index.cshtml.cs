using System.Globalization;
using System.Text.Json;
using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages;

/// <summary>Overview: the period's sends, deliveries and SES reputation rates, and events per day by type.</summary>
public sealed class IndexModel(QueryApiClient api) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> Periods =
        [("24h", "Last 24 hours"), ("7d", "Last 7 days"), ("30d", "Last 30 days")];

    // Stacked in this order, bottom up: the expected path first, the failures on top where they catch the eye.
    private static readonly string[] ChartTypes =
        ["Send", "Delivery", "Open", "Click", "DeliveryDelay", "Bounce", "Complaint", "Reject", "RenderingFailure", "Subscription"];

    [BindProperty(SupportsGet = true)]
    public string Period { get; set; } = "7d";

    public StatsView? Stats { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public string ChartJson { get; private set; } = "{}";

    public bool HasEvents => Stats is not null && Stats.Totals.Values.Any(v => v > 0);

    public long Total(string type) => Stats?.Totals.TryGetValue(type, out var count) == true ? count : 0;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Periods.Any(p => p.Value == Period))
        {
            Period = "7d";
        }

        var bucket = Period == "24h" ? "hour" : "day";
        var result = await api.GetStatsAsync(QueryString.Create([new KeyValuePair<string, string?>("preset", Period), new("bucket", bucket)]), cancellationToken);
        Stats = result.Value;
        Problem = result.Problem;
        if (Stats is not null)
        {
            ChartJson = BuildChart(Stats);
        }
    }

    private static string BuildChart(StatsView stats)
    {
        var format = stats.Bucket == "hour" ? "HH:mm" : "MMM d";
        var labels = stats.Buckets.Select(b => b.Start.ToUniversalTime().ToString(format, CultureInfo.InvariantCulture)).ToList();
        var datasets = ChartTypes
            .Where(type => stats.Totals.TryGetValue(type, out var total) && total > 0)
            .Select(type => new
            {
                type,
                label = Formats.Words(type),
                data = stats.Buckets.Select(b => b.Counts.TryGetValue(type, out var count) ? count : 0).ToList(),
            })
            .ToList();
        // The default encoder escapes '<' and '>', so the JSON cannot close the script element it sits in.
        return JsonSerializer.Serialize(new { labels, datasets });
    }
}
