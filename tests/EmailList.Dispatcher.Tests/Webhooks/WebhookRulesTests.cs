using System.ComponentModel.DataAnnotations;
using EmailList.Core.Webhooks;
using EmailList.Dispatcher.Webhooks;

namespace EmailList.Dispatcher.Tests.Webhooks;

/// <summary>The pure rules of delivery: backoff, the webhook's health after an attempt, the options' start-up checks.</summary>
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Backoff_grows_fourfold_is_capped_and_is_drawn_below_its_ceiling()
    {
        var random = new Random(7);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(5000 * Math.Pow(4, attempt - 1), TimeSpan.FromHours(1).TotalMilliseconds));
            var waits = Enumerable.Range(0, 200).Select(_ => WebhookBackoff.Next(attempt, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), random)).ToList();
            Assert.All(waits, w => Assert.InRange(w, ceiling * 0.1, ceiling));
            Assert.True(waits.Max() - waits.Min() > ceiling * 0.5, "the waits are spread (jitter)");
        }
    }

    [Fact]
    public void A_first_failure_starts_a_failing_run_and_a_success_ends_it()
    {
        var webhook = Hook();
        var failing = WebhookDeliverer.Change(webhook, new WebhookResponse(500, "HTTP 500", 3), Now)!;
        Assert.Equal(Now, failing.FailingSince);
        Assert.Null(WebhookDeliverer.Change(failing, new WebhookResponse(null, "timeout", 5000), Now.AddDays(1)));
        Assert.Null(WebhookDeliverer.Change(failing, new WebhookResponse(204, null, 3), Now.AddDays(1))!.FailingSince);
        Assert.Null(WebhookDeliverer.Change(webhook, new WebhookResponse(200, null, 3), Now));
    }

    [Fact]
    public void Three_days_of_failures_or_a_410_disable_the_webhook()
    {
        var failing = Hook() with { FailingSince = Now };
        var disabled = WebhookDeliverer.Change(failing, new WebhookResponse(503, "HTTP 503", 3), Now + WebhookLimits.FailingDisablesAfter)!;
        Assert.Equal((false, WebhookDisabledReason.Failing), (disabled.Enabled, disabled.DisabledReason));
        Assert.Null(WebhookDeliverer.Change(failing, new WebhookResponse(503, "HTTP 503", 3), Now + WebhookLimits.FailingDisablesAfter - TimeSpan.FromMinutes(1)));
        var gone = WebhookDeliverer.Change(Hook(), new WebhookResponse(410, "HTTP 410", 3), Now)!;
        Assert.Equal((false, WebhookDisabledReason.Gone), (gone.Enabled, gone.DisabledReason));
    }

    [Theory]
    [InlineData("00:00:05", 16, 128)]
    [InlineData("00:00:30", 32, 128)]
    public void Options_that_cannot_work_are_refused_at_start(string lease, int perWebhook, int maxInFlight)
    {
        var options = new WebhookDeliveryOptions { Lease = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture), PerWebhookLimit = perWebhook, MaxInFlight = maxInFlight };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true) && !options.Validate(new ValidationContext(options)).Any());
    }

    [Fact]
    public void The_default_options_are_valid()
    {
        var options = new WebhookDeliveryOptions();
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    private static Webhook Hook() => new()
    {
        TenantId = "t",
        Id = "wh_x",
        Url = new Uri("https://example.com/"),
        EventTypes = [WebhookEventTypes.EmailSent],
        Secret = WebhookSecret.New(),
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
