using System.Globalization;
using System.Text.Json;

namespace EmailList.ServiceDefaults.Http;

/// <summary>
/// Says what is wrong with a JSON request body in the caller's terms: the field and where it is, never the
/// .NET type it was bound to, nor System.Text.Json's advice to change reader options (the caller cannot).
/// </summary>
public static class JsonErrors
{
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var at = FieldAt(exception.Path);
        var position = exception.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {exception.BytePositionInLine + 1})")
            : "";

        if (QuotedAfter(message, "The JSON property '") is { } unknown && message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"Unknown field '{unknown}'{at}: it is not part of this request.";
        }

        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return $"A field{at} appears more than once{position}; give each field once.";
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return $"The value{at} has the wrong type{position}.";
        }

        // Syntax errors from the reader: keep its description, drop the path suffix and the reader-options hint.
        var end = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (end < 0)
        {
            end = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        var description = (end < 0 ? message : message[..end]).Replace(" Change the reader options.", "", StringComparison.Ordinal).Trim();
        if (description.Length == 0 || description.Contains(".NET", StringComparison.Ordinal) || description.Contains("System.", StringComparison.Ordinal))
        {
            description = "The body is not valid JSON.";
        }

        return $"{description.TrimEnd('.')}{at}{position}.";
    }

    private static string FieldAt(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "" : $" at '{path}'";

    private static string? QuotedAfter(string message, string prefix)
    {
        var start = message.IndexOf(prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += prefix.Length;
        var end = message.IndexOf('\'', start);
        return end < 0 ? null : message[start..end];
    }
}
