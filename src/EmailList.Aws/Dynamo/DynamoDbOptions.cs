using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace EmailList.Aws.Dynamo;

/// <summary>Where the DynamoDB stores live (configuration section "DynamoDb").</summary>
public sealed partial class DynamoDbOptions : IValidatableObject
{
    public const string SectionName = "DynamoDb";

    /// <summary>Overrides the regional endpoint, e.g. <c>http://127.0.0.1:8000</c> for dynalite or DynamoDB Local.</summary>
    public Uri? ServiceUrl { get; set; }

    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Prepended to every table name, so several deployments (or test runs) can share an account.</summary>
    public string TablePrefix { get; set; } = "emaillist-";

    /// <summary>Create missing tables at start-up (local development and tests); in AWS the tables come from infrastructure code.</summary>
    public bool CreateTables { get; set; }

    /// <summary>
    /// With <see cref="CreateTables"/>: start-up fails when the server cannot enable TTL, since expired events would then
    /// never be deleted. Only a local server that has no TTL (dynalite) sets it to false.
    /// </summary>
    public bool RequireTimeToLive { get; set; } = true;

    /// <summary>Static credentials for a local endpoint; when unset, the default AWS credential chain is used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServiceUrl is { IsAbsoluteUri: false } || ServiceUrl is { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult("DynamoDb:ServiceUrl must be an absolute http(s) URL, e.g. http://127.0.0.1:8000.", [nameof(ServiceUrl)]);
        }

        // The longest suffix is "scheduled-mail" (14); table names are 3-255 of [A-Za-z0-9_.-].
        if (TablePrefix is null || !TablePrefixPattern().IsMatch(TablePrefix))
        {
            yield return new ValidationResult("DynamoDb:TablePrefix must be 0-200 of A-Z, a-z, 0-9, '_', '.' and '-'.", [nameof(TablePrefix)]);
        }

        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            yield return new ValidationResult(
                "DynamoDb:AccessKeyId and DynamoDb:SecretAccessKey go together; set both, or neither to use the default AWS credential chain.",
                [nameof(AccessKeyId), nameof(SecretAccessKey)]);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{0,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePrefixPattern();
}
