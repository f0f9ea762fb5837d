using System.ComponentModel.DataAnnotations;

namespace EmailList.EventIngester;

/// <summary>The ingester's settings (configuration section "Ingester").</summary>
public sealed class IngesterOptions
{
    public const string SectionName = "Ingester";

    /// <summary>The value EventBridge's API destination connection sends in <c>X-EmailList-Ingest-Key</c>.</summary>
    [Required(ErrorMessage = "Ingester:SharedSecret is required: the secret the EventBridge connection sends in X-EmailList-Ingest-Key (at least 32 characters, e.g. `openssl rand -base64 32`).")]
    [MinLength(32, ErrorMessage = "Ingester:SharedSecret must be at least 32 characters (e.g. `openssl rand -base64 32`).")]
    public string SharedSecret { get; set; } = "";

    /// <summary>
    /// During a rotation, the secret being replaced, still accepted until every sender has the new one; then remove it
    /// (empty means none, so an emptied environment variable or secret ends the rotation too).
    /// </summary>
    [RegularExpression(@"^[\s\S]{32,}$", ErrorMessage = "Ingester:PreviousSharedSecret must be at least 32 characters, like the secret it was (or empty for none).")]
    public string? PreviousSharedSecret { get; set; }

    /// <summary>Largest accepted POST /ses-events body.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Most events accepted in one JSON array.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Transient bounces of one recipient within <see cref="TransientBounceWindow"/> that put it on the suppression list.</summary>
    [Range(1, 1000)]
    public int TransientBounceThreshold { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan TransientBounceWindow { get; set; } = TimeSpan.FromDays(7);
}
