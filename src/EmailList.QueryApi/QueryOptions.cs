using System.ComponentModel.DataAnnotations;

namespace EmailList.QueryApi;

/// <summary>Configuration section "Query".</summary>
public sealed class QueryOptions : IValidatableObject
{
    public const string SectionName = "Query";

    /// <summary>Base64 HMAC-SHA256 key (at least 32 bytes) that signs the pagination cursors handed to clients.</summary>
    [Required(ErrorMessage = "Query:CursorKey is required: base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).")]
    public string CursorKey { get; set; } = "";

    /// <summary>Largest CSV accepted by POST /suppression-list/import.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxImportBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most data rows accepted by POST /suppression-list/import.</summary>
    [Range(1, 1_000_000)]
    public int MaxImportRows { get; set; } = 50_000;

    /// <summary>Most entries one sync reads from each side; a larger list is synced over several calls.</summary>
    [Range(1, 10_000_000)]
    public int MaxSyncEntries { get; set; } = 100_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(CursorKey) && DecodeKey(CursorKey) is null)
        {
            yield return new ValidationResult(
                "Query:CursorKey must be base64 of at least 32 bytes (e.g. `openssl rand -base64 32`).", [nameof(CursorKey)]);
        }
    }

    internal static byte[]? DecodeKey(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= 32 ? buffer[..length] : null;
    }
}
