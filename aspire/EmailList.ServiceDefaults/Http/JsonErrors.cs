using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EmailList.ServiceDefaults.Http;

/// <summary>
/// Says what is wrong with a JSON request body in the caller's terms: the field and where it is, never the .NET type
/// it was bound to. It works from the body, the exception's Path and position and the target's contract, not from
/// System.Text.Json's English messages, which may change between versions.
/// </summary>
public static class JsonErrors
{
    public static string Describe(JsonException exception, ReadOnlySpan<byte> body, JsonTypeInfo target)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(target);
        var position = exception.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {exception.BytePositionInLine + 1})")
            : "";

        using var document = TryParse(body);
        if (document is null)
        {
            return $"The body is not valid JSON{position}: check its quotes, commas and brackets.";
        }

        var path = exception.Path ?? "$";
        var segments = JsonPathSegments.Parse(path);
        var at = segments.Count == 0 ? "" : $" at '{path}'";
        if (segments.Count > 0 && segments[^1] is { IsProperty: true } last)
        {
            if (!IsKnownProperty(target, segments))
            {
                return $"Unknown field '{last.Name}'{at}: it is not part of this request.";
            }

            if (CountInParent(document.RootElement, segments) > 1)
            {
                return $"A field{at} appears more than once{position}; give each field once.";
            }
        }

        return $"The value{at} has the wrong type{position}.";
    }

    private static JsonDocument? TryParse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether the contract at the path's parent has a property named as its last segment (a dictionary takes any key).</summary>
    private static bool IsKnownProperty(JsonTypeInfo target, IReadOnlyList<JsonPathSegment> segments)
    {
        var current = target;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            Type? next;
            if (current.Kind == JsonTypeInfoKind.Dictionary || (current.Kind == JsonTypeInfoKind.Enumerable && !segment.IsProperty))
            {
                next = current.ElementType;
            }
            else if (current.Kind == JsonTypeInfoKind.Object && segment.IsProperty)
            {
                var comparison = current.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                next = current.Properties.FirstOrDefault(p => string.Equals(p.Name, segment.Name, comparison))?.PropertyType;
                if (next is null)
                {
                    return false;
                }
            }
            else
            {
                // The body's shape differs from the contract here: a type error, not an unknown field.
                return true;
            }

            if (i < segments.Count - 1)
            {
                if (next is null || current.Options.GetTypeInfo(next) is not { } info)
                {
                    return true;
                }

                current = info;
            }
        }

        return true;
    }

    /// <summary>How many times the object holding the path's last property names it (JsonDocument keeps duplicates).</summary>
    private static int CountInParent(JsonElement root, IReadOnlyList<JsonPathSegment> segments)
    {
        var parent = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var segment = segments[i];
            if (segment.IsProperty && parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(segment.Name!, out var child))
            {
                parent = child;
            }
            else if (!segment.IsProperty && parent.ValueKind == JsonValueKind.Array && segment.Index < parent.GetArrayLength())
            {
                parent = parent[segment.Index];
            }
            else
            {
                return 0;
            }
        }

        return parent.ValueKind == JsonValueKind.Object
            ? parent.EnumerateObject().Count(p => p.NameEquals(segments[^1].Name))
            : 0;
    }
}
