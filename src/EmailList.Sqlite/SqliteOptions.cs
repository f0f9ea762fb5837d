using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>Where the embedded store keeps its file (configuration section "Sqlite").</summary>
public sealed class SqliteOptions : IValidatableObject
{
    public const string SectionName = "Sqlite";

    /// <summary>A Microsoft.Data.Sqlite connection string; the file's directory is created when missing.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/emaillist.db";

    /// <summary>How long a statement waits for another writer (another request or another host on the same file).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often expired events and message summaries are deleted (the first purge runs at start-up).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EventPurgeInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var builder = TryParse(ConnectionString);
        if (builder is null)
        {
            yield return new ValidationResult(
                "Sqlite:ConnectionString could not be parsed; use e.g. \"Data Source=data/emaillist.db\".", [nameof(ConnectionString)]);
            yield break;
        }

        // Every operation opens its own connection, so an in-memory database would vanish between calls.
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            yield return new ValidationResult(
                "Sqlite:ConnectionString must name a database file (e.g. \"Data Source=data/emaillist.db\"); in-memory databases are not supported.",
                [nameof(ConnectionString)]);
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            yield return new ValidationResult("Sqlite:ConnectionString must not be read-only: the store writes.", [nameof(ConnectionString)]);
        }
    }

    private static SqliteConnectionStringBuilder? TryParse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            return new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
