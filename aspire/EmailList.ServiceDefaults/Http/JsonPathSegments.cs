using System.Globalization;

namespace EmailList.ServiceDefaults.Http;

/// <summary>Splits the paths System.Text.Json reports (<c>$.att[0].size</c>, <c>$['odd.name']</c>) into their steps.</summary>
public static class JsonPathSegments
{
    public static IReadOnlyList<JsonPathSegment> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<JsonPathSegment>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new JsonPathSegment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(new JsonPathSegment(path[(i + 2)..end], 0));
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new JsonPathSegment(null, int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0));
                i = Math.Min(path.Length, end + 1);
            }
            else
            {
                i++;
            }
        }

        return segments;
    }
}
