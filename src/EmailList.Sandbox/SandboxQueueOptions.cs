using System.ComponentModel.DataAnnotations;

namespace EmailList.Sandbox;

/// <summary>
/// The platform's SQS queue and its dead-letter queue (configuration section "Sandbox:Queue"). With <see cref="Enabled"/>, the platform bus's
/// rule targets the queue, as in production: every SES event that reaches the bus becomes one message whose body is the event's JSON.
/// </summary>
public sealed class SandboxQueueOptions
{
    public const string SectionName = SandboxOptions.SectionName + ":Queue";

    /// <summary>False (the default): no rule targets the queue (the queues exist all the same). True: every event on the platform bus is sent to it.</summary>
    public bool Enabled { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9_-]{1,80}$", ErrorMessage = "Sandbox:Queue:Name must be an SQS queue name (1-80 of A-Z, a-z, 0-9, '-', '_').")]
    public string Name { get; set; } = "emaillist-ses-events";

    [Required, RegularExpression("^[A-Za-z0-9_-]{1,80}$", ErrorMessage = "Sandbox:Queue:DeadLetterName must be an SQS queue name (1-80 of A-Z, a-z, 0-9, '-', '_').")]
    public string DeadLetterName { get; set; } = "emaillist-ses-events-dlq";

    /// <summary>The redrive policy's maxReceiveCount: a message received this many times goes to the dead-letter queue on its next receive.</summary>
    [Range(1, 1000)]
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>The queue's default visibility timeout (a ReceiveMessage may name its own).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "12:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a message is kept (SQS's MessageRetentionPeriod; 14 days, the most SQS allows, in production).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "14.00:00:00")]
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(14);
}
