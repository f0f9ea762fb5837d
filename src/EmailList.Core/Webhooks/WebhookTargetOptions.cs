namespace EmailList.Core.Webhooks;

/// <summary>Where webhooks may point (section <c>Webhooks</c>).</summary>
public sealed class WebhookTargetOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Whether a webhook may target loopback, private, link-local (cloud metadata), CGNAT or other non-public addresses,
    /// and use plain http. False in production, so a tenant cannot make our servers reach inside our network; true in
    /// the embedded default, so a developer can receive on their own machine, and in tests.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }
}
