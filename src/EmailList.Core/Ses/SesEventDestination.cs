namespace EmailList.Core.Ses;

/// <summary>A configuration set's event destination that sends SES events to an EventBridge bus (the account's default bus).</summary>
/// <param name="MatchingEventTypes">SES's names: SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, OPEN, CLICK, RENDERING_FAILURE, DELIVERY_DELAY, SUBSCRIPTION.</param>
public sealed record SesEventDestination(string Name, string EventBusArn, IReadOnlyList<string> MatchingEventTypes, bool Enabled = true)
{
    public static readonly IReadOnlyList<string> AllEventTypes =
        ["SEND", "REJECT", "BOUNCE", "COMPLAINT", "DELIVERY", "OPEN", "CLICK", "RENDERING_FAILURE", "DELIVERY_DELAY", "SUBSCRIPTION"];
}
