namespace EmailList.QueryApi.Http;

/// <summary>A time range as the caller gave it: explicit bounds, or a preset counted back from now.</summary>
internal sealed record TimeWindow(DateTimeOffset? From, DateTimeOffset? To, string? Preset, TimeSpan? PresetSpan)
{
    public static readonly TimeWindow Unbounded = new(null, null, null, null);

    /// <summary>The lower bound, with a preset counted back from <paramref name="now"/>.</summary>
    public DateTimeOffset? ResolveFrom(DateTimeOffset now) => PresetSpan is { } span ? now - span : From;
}
