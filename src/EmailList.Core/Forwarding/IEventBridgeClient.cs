using EmailList.Core.Ses;

namespace EmailList.Core.Forwarding;

/// <summary>
/// The EventBridge operations onboarding uses (JSON 1.1 over HttpClient with SigV4, since no EventBridge SDK
/// package is available here). The calls act in a tenant's account through its assumed-role session; the platform bus
/// needs none (its one resource-policy statement admits every tenant's forwarder role). Errors surface as <see cref="EventBridgeException"/>.
/// </summary>
public interface IEventBridgeClient
{
    /// <summary>The targets of a rule in the session's account and region (ListTargetsByRule, every page).</summary>
    /// <returns>Null when the rule does not exist.</returns>
    Task<IReadOnlyList<EventRuleTarget>?> ListTargetsByRuleAsync(SesSession session, string ruleName, string eventBusName, CancellationToken cancellationToken);

    /// <summary>Creates or updates a rule in the session's account and region.</summary>
    /// <returns>The rule's ARN.</returns>
    Task<string> PutRuleAsync(SesSession session, EventRule rule, CancellationToken cancellationToken);

    /// <summary>Adds or updates targets of a rule; a failed entry raises <see cref="EventBridgeException"/> with its code and message.</summary>
    Task PutTargetsAsync(SesSession session, string ruleName, string eventBusName, IReadOnlyList<EventRuleTarget> targets, CancellationToken cancellationToken);
}
