namespace EmailList.Core.Tests;

/// <summary>Hands out the given boundaries in order, so two composers can be given the same ones.</summary>
internal sealed class BoundarySequence(IReadOnlyList<string> boundaries)
{
    private int _next;

    public IReadOnlyList<string> Boundaries => boundaries;

    public string Next() =>
        _next < boundaries.Count ? boundaries[_next++] : throw new InvalidOperationException($"More than {boundaries.Count} multipart boundaries were asked for.");

    /// <summary>Boundaries of the shape production uses: "=-" and the base64 of 16 random bytes.</summary>
    public static string[] Production(Random random, int count = 2)
    {
        var boundaries = new string[count];
        var bytes = new byte[16];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            boundaries[i] = "=-" + Convert.ToBase64String(bytes);
        }

        return boundaries;
    }
}
