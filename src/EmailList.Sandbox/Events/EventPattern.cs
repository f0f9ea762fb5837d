using System.Text.Json;

namespace EmailList.Sandbox.Events;

/// <summary>
/// An EventBridge event pattern: every field it names must match, a nested object matches a nested object, and an array lists the
/// allowed values (any one matches; an array in the event matches when any element does). Besides exact values it understands the
/// content filters <c>prefix</c>, <c>suffix</c>, <c>anything-but</c>, <c>exists</c> and <c>equals-ignore-case</c>.
/// </summary>
internal sealed class EventPattern
{
    private static readonly string[] Filters = ["prefix", "suffix", "anything-but", "exists", "equals-ignore-case"];

    private readonly JsonElement _root;

    private EventPattern(JsonElement root) => _root = root;

    /// <param name="reason">Why the pattern is not valid, worded for "Event pattern is not valid. Reason: ...".</param>
    public static bool TryParse(string text, out EventPattern? pattern, out string reason)
    {
        pattern = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            reason = $"Unrecognized token in the pattern: {exception.Message}";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            reason = "Filter is not an object";
            return false;
        }

        if (Invalid(root) is { } problem)
        {
            reason = problem;
            return false;
        }

        pattern = new EventPattern(root);
        reason = string.Empty;
        return true;
    }

    public bool Matches(JsonElement @event) => MatchObject(_root, @event);

    private static string? Invalid(JsonElement pattern)
    {
        foreach (var field in pattern.EnumerateObject())
        {
            switch (field.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    if (Invalid(field.Value) is { } nested)
                    {
                        return nested;
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var allowed in field.Value.EnumerateArray())
                    {
                        if (allowed.ValueKind == JsonValueKind.Array)
                        {
                            return $"Match value must be String, number, true, false, or null at '{field.Name}'";
                        }

                        if (allowed.ValueKind == JsonValueKind.Object
                            && (allowed.EnumerateObject().Count() != 1 || !Filters.Contains(allowed.EnumerateObject().First().Name, StringComparer.Ordinal)))
                        {
                            return $"Unrecognized match type {string.Join(", ", allowed.EnumerateObject().Select(p => p.Name))} at '{field.Name}'";
                        }
                    }

                    break;
                default:
                    return $"\"{field.Name}\" must be an object or an array";
            }
        }

        return null;
    }

    private static bool MatchObject(JsonElement pattern, JsonElement value)
    {
        foreach (var field in pattern.EnumerateObject())
        {
            var found = value.ValueKind == JsonValueKind.Object && value.TryGetProperty(field.Name, out var member) ? member : (JsonElement?)null;
            var matched = field.Value.ValueKind == JsonValueKind.Object
                ? found is { ValueKind: JsonValueKind.Object } nested && MatchObject(field.Value, nested)
                : MatchField(field.Value, found);
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchField(JsonElement allowedValues, JsonElement? field)
    {
        var values = field is null ? [] : field.Value.ValueKind == JsonValueKind.Array ? [.. field.Value.EnumerateArray()] : new List<JsonElement> { field.Value };
        foreach (var allowed in allowedValues.EnumerateArray())
        {
            if (allowed.ValueKind == JsonValueKind.Object && allowed.TryGetProperty("exists", out var exists))
            {
                if (exists.ValueKind == JsonValueKind.True == (field is not null))
                {
                    return true;
                }

                continue;
            }

            if (values.Any(v => MatchValue(allowed, v)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchValue(JsonElement allowed, JsonElement value)
    {
        if (allowed.ValueKind != JsonValueKind.Object)
        {
            return Same(allowed, value);
        }

        var filter = allowed.EnumerateObject().First();
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        return filter.Name switch
        {
            "prefix" => text is not null && text.StartsWith(filter.Value.GetString() ?? string.Empty, StringComparison.Ordinal),
            "suffix" => text is not null && text.EndsWith(filter.Value.GetString() ?? string.Empty, StringComparison.Ordinal),
            "equals-ignore-case" => text is not null && string.Equals(text, filter.Value.GetString(), StringComparison.OrdinalIgnoreCase),
            "anything-but" => filter.Value.ValueKind == JsonValueKind.Array
                ? !filter.Value.EnumerateArray().Any(v => Same(v, value))
                : !Same(filter.Value, value),
            _ => false,
        };
    }

    private static bool Same(JsonElement a, JsonElement b) =>
        (a.ValueKind, b.ValueKind) switch
        {
            (JsonValueKind.String, JsonValueKind.String) => a.GetString() == b.GetString(),
            (JsonValueKind.Number, JsonValueKind.Number) => a.GetDouble().Equals(b.GetDouble()),
            _ => a.ValueKind == b.ValueKind && a.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null,
        };
}
