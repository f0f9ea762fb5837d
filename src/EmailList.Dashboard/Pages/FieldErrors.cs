using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages;

/// <summary>An API's messages about one form field, shown under it (and named by its aria-describedby).</summary>
public sealed record FieldErrors(string Id, IReadOnlyList<string> Messages)
{
    public static FieldErrors Of(ApiProblem? problem, string field) => new($"{field}-errors", problem?.For(field) ?? []);

    /// <summary>The id for aria-describedby, or null when there is nothing to describe.</summary>
    public string? DescribedBy => Messages.Count > 0 ? Id : null;
}
