using EmailList.Core.Events;
using EmailList.QueryApi.Events;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Stats;

public static class StatsEndpoints
{
    public const int MaxBuckets = 2000;
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    private static readonly IReadOnlyList<string> Parameters = ["from", "to", "preset", "bucket", .. MailTagFilterParser.Parameters, "groupBy"];

    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/stats").WithTags("Stats").RequireAuthorization(Policies.EventsRead)
            .MapGet("", GetAsync)
            .WithName("GetStats")
            .WithSummary("Event counts per type per hour or day, per-recipient rates (delivered, bounced, complained, opened, clicked, unsubscribed), " +
                "and warnings near SES's review thresholds; for one template or broadcast, or per template or broadcast.")
            .WithQueryParameters([.. TimeWindowParser.Documented, new("bucket", "hour or day; by default hour up to 48 hours, else day."),
                .. MailTagFilterParser.Documented,
                new("groupBy", "template or broadcast: adds the figures of each template (el_template) or broadcast (el_broadcast) in the range.")]);
        return routes;
    }

    internal static async Task<Results<Ok<StatsResponse>, ValidationProblem>> GetAsync(
        HttpRequest http, CallerTenant caller, IEventStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var errors = new ValidationErrors();
        QueryParameters.RejectUnknown(http.Query, Parameters, errors);
        var window = TimeWindowParser.Parse(http.Query, errors);
        var bucketText = QueryParameters.Single(http.Query, "bucket", errors);
        StatsBucket? bucket = bucketText?.ToLowerInvariant() switch
        {
            null => null,
            "hour" => StatsBucket.Hour,
            "day" => StatsBucket.Day,
            _ => null,
        };
        if (bucketText is not null && bucket is null)
        {
            errors.Add("bucket", $"'{TimeWindowParser.Shorten(bucketText)}' is not a bucket; use hour or day.");
        }

        var requiredTags = MailTagFilterParser.Parse(http.Query, errors);
        var groupBy = QueryParameters.Single(http.Query, "groupBy", errors)?.ToLowerInvariant();
        var groupTag = groupBy is null ? null : StatsGrouping.TagOf(groupBy);
        if (groupBy is not null && groupTag is null)
        {
            errors.Add("groupBy", $"'{TimeWindowParser.Shorten(groupBy)}' is not a grouping; use {StatsGrouping.Template} or {StatsGrouping.Broadcast}.");
        }

        if (errors.Any)
        {
            return Invalid(errors);
        }

        var now = time.GetUtcNow();
        var to = window.To ?? now;
        var from = window.ResolveFrom(now) ?? to - DefaultRange;
        if (from >= to)
        {
            errors.Add("from", "from must be earlier than to (to defaults to now).");
            return Invalid(errors);
        }

        if (to - from > MaxRange)
        {
            errors.Add("from", $"The range is at most {MaxRange.TotalDays:0} days; ask for several shorter ranges.");
            return Invalid(errors);
        }

        var resolvedBucket = bucket ?? (to - from <= TimeSpan.FromHours(48) ? StatsBucket.Hour : StatsBucket.Day);
        var size = resolvedBucket == StatsBucket.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var first = Floor(from, size);
        var bucketCount = (int)Math.Ceiling((to - first) / size);
        if (bucketCount > MaxBuckets)
        {
            errors.Add("bucket", $"The range has {bucketCount} {resolvedBucket.ToString().ToLowerInvariant()}s, more than {MaxBuckets}; use bucket=day or a shorter range.");
            return Invalid(errors);
        }

        var query = new StatsQuery(from, to, resolvedBucket, first, size, bucketCount, requiredTags, groupBy, groupTag);
        return TypedResults.Ok(await StatsReport.BuildAsync(store, tenantId, query, cancellationToken));
    }

    internal static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan size)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % size.Ticks, TimeSpan.Zero);
    }

    private static ValidationProblem Invalid(ValidationErrors errors) =>
        errors.ToProblem("The stats query is not valid");
}
