namespace EmailList.Sandbox.Ses;

/// <summary>The SES mailbox simulator: addresses at simulator.amazonses.com that always accept and act out one outcome.</summary>
internal static class MailboxSimulator
{
    public const string Delivery = "Delivery";
    public const string Bounce = "Bounce";
    public const string Complaint = "Complaint";
    public const string AutoReply = "AutoReply";
    public const string SuppressionListBounce = "SuppressionListBounce";

    private const string Domain = "@simulator.amazonses.com";

    /// <summary>The simulated outcome for a simulator address (labels such as <c>success+tag@</c> allowed), else null.</summary>
    public static string? Outcome(string address)
    {
        if (!address.EndsWith(Domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = address[..^Domain.Length];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        return (plus >= 0 ? local[..plus] : local).ToUpperInvariant() switch
        {
            "SUCCESS" => Delivery,
            "BOUNCE" => Bounce,
            "COMPLAINT" => Complaint,
            "OOTO" => AutoReply,
            "SUPPRESSIONLIST" => SuppressionListBounce,
            _ => null,
        };
    }
}
