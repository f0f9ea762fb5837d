using System.Text.Json;

namespace EmailList.Dashboard.Api;

/// <summary>
/// A ProblemDetails answer, read for people: its title and detail, each invalid field's messages, and the extensions
/// onboarding adds (the reason, the fix, the missing IAM action) and the template part a render failure is in.
/// </summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public string? Reason { get; init; }

    public string? Fix { get; init; }

    public string? MissingAction { get; init; }

    /// <summary>The part of a template a 422 is about (subject, html or text), when the API names one.</summary>
    public string? Part { get; init; }

    /// <summary>Whether the API tied the problem to fields (its errors, or a template part), so forms show it there.</summary>
    public bool IsAboutFields => Errors.Count > 0 || Part is not null;

    /// <summary>The messages about one field (e.g. "recipient"), matched case-insensitively.</summary>
    public IReadOnlyList<string> For(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    public static ApiProblem Unreachable(string api) =>
        new(StatusCodes.Status503ServiceUnavailable, $"{api} is not answering",
            "The dashboard could not reach it. Try again in a moment; if it persists, check that the service is running.", new Dictionary<string, string[]>());

    public static ApiProblem Read(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Plain(status);
            }

            var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("errors", out var errorsElement) && errorsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errorsElement.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? [.. field.Value.EnumerateArray().Select(v => v.ToString())]
                        : [field.Value.ToString()];
                }
            }

            return new ApiProblem(status, Text(root, "title") ?? Plain(status).Title, Text(root, "detail"), errors)
            {
                Reason = Text(root, "reason"),
                Fix = Text(root, "fix"),
                MissingAction = Text(root, "missingAction"),
                Part = Text(root, "part"),
            };
        }
        catch (JsonException)
        {
            return Plain(status);
        }
    }

    private static ApiProblem Plain(int status) =>
        new(status, $"The request failed ({status})", null, new Dictionary<string, string[]>());

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
