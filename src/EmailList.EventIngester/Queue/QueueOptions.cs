using System.ComponentModel.DataAnnotations;

namespace EmailList.EventIngester.Queue;

/// <summary>
/// The SQS queue the platform bus's rule fills (configuration section "Ingester:Queue"). Without <see cref="QueueUrl"/> nothing is
/// polled and only <c>POST /ses-events</c> takes events in.
/// </summary>
public sealed class QueueOptions : IValidatableObject
{
    public const string SectionName = IngesterOptions.SectionName + ":Queue";

    /// <summary>The queue's URL, e.g. <c>https://sqs.us-east-1.amazonaws.com/111111111111/emaillist-ses-events</c>.</summary>
    public Uri? QueueUrl { get; set; }

    /// <summary>Long-poll loops per instance; each has up to 10 messages in hand at once.</summary>
    [Range(1, 64)]
    public int Pollers { get; set; } = 4;

    /// <summary>How long a received message stays hidden; one not deleted by then (a storage failure) is received again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "12:00:00", ErrorMessage = "Ingester:Queue:VisibilityTimeout must be between 1 second and 12 hours.")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A receive's long-poll wait (SQS allows 0-20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20", ErrorMessage = "Ingester:Queue:WaitTime must be between 0 and 20 seconds (SQS's long-poll limit).")]
    public TimeSpan WaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The wait after a failed receive or a batch that could not be stored, before that loop polls again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ErrorDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The SQS endpoint, for a local stand-in (the sandbox); none means AWS's endpoint for <see cref="Region"/>.</summary>
    public Uri? ServiceUrl { get; set; }

    [RegularExpression(@"^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$", ErrorMessage = "Ingester:Queue:Region must be an AWS region such as us-east-1.")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Credentials for local use; when absent the SDK's default chain applies (the task role in production).</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public bool Enabled => QueueUrl is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (QueueUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.AbsolutePath.Trim('/').Split('/').Length != 2))
        {
            yield return new ValidationResult("Ingester:Queue:QueueUrl must be an SQS queue URL: http(s)://host/<account id>/<queue name>.", [nameof(QueueUrl)]);
        }

        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            yield return new ValidationResult("Set both Ingester:Queue:AccessKeyId and Ingester:Queue:SecretAccessKey, or neither to use the default credential chain.",
                [nameof(AccessKeyId), nameof(SecretAccessKey)]);
        }

        if (QueueUrl is not null && VisibilityTimeout <= WaitTime)
        {
            yield return new ValidationResult("Ingester:Queue:VisibilityTimeout must be longer than WaitTime, so a batch is stored before it shows again.",
                [nameof(VisibilityTimeout)]);
        }
    }
}
