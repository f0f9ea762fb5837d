using System.ComponentModel.DataAnnotations;
using EmailList.Core.Webhooks;

namespace EmailList.Dispatcher.Webhooks;

/// <summary>How the dispatcher claims and delivers webhook deliveries (section <c>Webhooks:Delivery</c>).</summary>
public sealed class WebhookDeliveryOptions : IValidatableObject
{
    public const string SectionName = "Webhooks:Delivery";

    /// <summary>How often the outbox is asked for due deliveries when the last claim did not fill the free slots.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a claim is held; if this instance dies, another claims the delivery once it runs out (so a delivery may
    /// arrive twice, with the same webhook-id). Longer than an attempt's timeout with room to spare.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:08", "00:30:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many deliveries in hand at once, over every webhook.</summary>
    [Range(1, 1024)]
    public int MaxInFlight { get; set; } = 128;

    /// <summary>
    /// At most this many requests at once to one webhook (and claimed for it per poll), so a slow endpoint occupies only
    /// its own slots; it holds at most 4 times this (in flight and waiting), what a claim brings beyond is left to its lease.
    /// </summary>
    [Range(1, 256)]
    public int PerWebhookLimit { get; set; } = 16;

    /// <summary>The first retry's ceiling; each later one's is 4 times the last, up to <see cref="MaxBackoff"/>, and the wait is drawn at random below it (full jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backoff > MaxBackoff)
        {
            yield return new ValidationResult(
                $"Webhooks:Delivery:Backoff ({Backoff}) must not be longer than Webhooks:Delivery:MaxBackoff ({MaxBackoff}).", [nameof(Backoff), nameof(MaxBackoff)]);
        }

        // A claim must be able to wait a little for its webhook's slot and still start with a full attempt left.
        var least = WebhookLimits.AttemptTimeout + (3 * WebhookDeliveryWorker.LeaseMargin);
        if (Lease < least)
        {
            yield return new ValidationResult(
                $"Webhooks:Delivery:Lease ({Lease}) must be at least the attempt timeout plus a margin ({least}).", [nameof(Lease)]);
        }

        if (8 * PerWebhookLimit > MaxInFlight)
        {
            yield return new ValidationResult(
                $"Webhooks:Delivery:MaxInFlight ({MaxInFlight}) must be at least 8 times Webhooks:Delivery:PerWebhookLimit ({PerWebhookLimit}), so one webhook holds at most half the slots.", [nameof(PerWebhookLimit), nameof(MaxInFlight)]);
        }
    }
}
