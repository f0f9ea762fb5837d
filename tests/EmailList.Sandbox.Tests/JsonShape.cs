using System.Text.Json;
using System.Text.RegularExpressions;

namespace EmailList.Sandbox.Tests;

/// <summary>
/// The shape of a JSON document: every path (array items as <c>[]</c>, the keys of free-form maps as <c>*</c>) with the
/// kind of value found there. Timestamps count as kinds of their own (to the second, to the millisecond), since SES
/// writes both and a reader may rely on which.
/// </summary>
internal static partial class JsonShape
{
    /// <summary>The paths, each with its kinds, and the paths of empty arrays and maps (whose items nobody can see).</summary>
    public static (SortedDictionary<string, SortedSet<string>> Kinds, HashSet<string> Empty) Of(JsonElement root, IReadOnlySet<string> maps)
    {
        var kinds = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var empty = new HashSet<string>(StringComparer.Ordinal);
        Walk(root, "$", maps, kinds, empty);
        return (kinds, empty);
    }

    /// <summary>
    /// What differs between <paramref name="actual"/> and the <paramref name="expected"/> sample: a path of the sample
    /// that is missing (unless below a collection that is empty in <paramref name="actual"/>), a path with another kind,
    /// and a path the sample lacks that is not among <paramref name="documentedExtras"/>.
    /// </summary>
    public static List<string> Differences(JsonElement expected, JsonElement actual, IReadOnlySet<string> maps, IReadOnlySet<string> documentedExtras)
    {
        var (want, _) = Of(expected, maps);
        var (have, empty) = Of(actual, maps);
        var differences = new List<string>();
        foreach (var (path, kinds) in want)
        {
            if (!have.TryGetValue(path, out var found))
            {
                if (!empty.Any(e => path.StartsWith(e + "[]", StringComparison.Ordinal) || path.StartsWith(e + ".*", StringComparison.Ordinal)))
                {
                    differences.Add($"{path}: missing (the sample has {string.Join("|", kinds)})");
                }
            }
            else if (!kinds.SetEquals(found))
            {
                differences.Add($"{path}: {string.Join("|", found)}, the sample has {string.Join("|", kinds)}");
            }
        }

        foreach (var path in have.Keys.Where(p => !want.ContainsKey(p)))
        {
            if (!documentedExtras.Any(extra => path == extra || path.StartsWith(extra + ".", StringComparison.Ordinal) || path.StartsWith(extra + "[]", StringComparison.Ordinal)))
            {
                differences.Add($"{path}: not in the sample");
            }
        }

        return differences;
    }

    private static void Walk(JsonElement element, string path, IReadOnlySet<string> maps, SortedDictionary<string, SortedSet<string>> kinds, HashSet<string> empty)
    {
        if (!kinds.TryGetValue(path, out var set))
        {
            kinds[path] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.Add(KindOf(element));
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var isMap = maps.Contains(path);
                var any = false;
                foreach (var property in element.EnumerateObject())
                {
                    any = true;
                    Walk(property.Value, isMap ? path + ".*" : path + "." + property.Name, maps, kinds, empty);
                }

                if (!any)
                {
                    empty.Add(path);
                }

                break;
            case JsonValueKind.Array:
                if (element.GetArrayLength() == 0)
                {
                    empty.Add(path);
                }

                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path + "[]", maps, kinds, empty);
                }

                break;
        }
    }

    private static string KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String when IsoMillis().IsMatch(element.GetString()!) => "timestamp-ms",
        JsonValueKind.String when IsoSeconds().IsMatch(element.GetString()!) => "timestamp-s",
        JsonValueKind.String => "string",
        JsonValueKind.Number => element.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoMillis();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex IsoSeconds();
}
