using System.ComponentModel.DataAnnotations;

namespace EmailList.SendApi.Subscriptions;

/// <summary>The public sign-up form's limits (section <c>Lists:SignUp</c>): body and attribute sizes, and how often one client or one address may sign up.</summary>
public sealed class SignUpOptions
{
    public const string SectionName = "Lists:SignUp";

    /// <summary>The largest POST /subscribe body: an address and a few attributes.</summary>
    [Range(1024, 65536)]
    public int MaxRequestBytes { get; set; } = 8 * 1024;

    /// <summary>How many attributes (fields beside email) a sign-up may carry.</summary>
    [Range(0, 100)]
    public int MaxAttributes { get; set; } = 20;

    /// <summary>The longest attribute value, in characters.</summary>
    [Range(1, 10000)]
    public int MaxAttributeLength { get; set; } = 500;

    /// <summary>Sign-ups (and confirmation resends) one client IP may make per <see cref="PerClientWindow"/>.</summary>
    [Range(1, 100000)]
    public int PerClientLimit { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign-ups of one address, from anywhere, per <see cref="PerAddressWindow"/>; stops a stranger's inbox being flooded from many IPs.</summary>
    [Range(1, 1000)]
    public int PerAddressLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PerAddressWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many proxies in front of the send API append to X-Forwarded-For (1 behind one load balancer); the client
    /// IP is the entry that many places from the right. 0 (the default): the connection's own address, and the header is ignored.
    /// </summary>
    [Range(0, 10)]
    public int TrustedProxyHops { get; set; }

    /// <summary>How often stale pending sign-ups (older than Lists:PendingRetention) are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);
}
