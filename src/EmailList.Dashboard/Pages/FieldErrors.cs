using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages;

/// <summary>An API's messages about one form field, shown under it (and named by its aria-describedby).</summary>
public sealed record FieldErrors(string Id, IReadOnlyList<string> Messages)
{
    /// <summary>The field's messages; a template problem about the part named <paramref name="field"/> shows its detail there.</summary>
    public static FieldErrors Of(ApiProblem? problem, string field) => new($"{field}-errors", problem switch
    {
        null => [],
        { Errors.Count: 0, Part: { } part } when string.Equals(part, field, StringComparison.OrdinalIgnoreCase) => [problem.Detail ?? problem.Title],
        _ => problem.For(field),
    });

    /// <summary>The whole problem under one field (e.g. a render failure under the data it was rendered with).</summary>
    public static FieldErrors All(ApiProblem? problem, string field) => new($"{field}-errors", problem switch
    {
        null => [],
        { Errors.Count: > 0 } => [.. problem.Errors.SelectMany(e => e.Value)],
        _ => [problem.Detail is null ? problem.Title : $"{problem.Title}: {problem.Detail}"],
    });

    /// <summary>The id for aria-describedby, or null when there is nothing to describe.</summary>
    public string? DescribedBy => Messages.Count > 0 ? Id : null;
}
