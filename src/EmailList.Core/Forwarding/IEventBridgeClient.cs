using EmailList.Core.Ses;

namespace EmailList.Core.Forwarding;

/// <summary>
/// The EventBridge operations onboarding uses (JSON 1.1 over HttpClient with SigV4, since no EventBridge SDK
/// package is available here). Permission calls act on the platform's own bus with the platform's credentials;
/// rule calls act in a tenant's account through its assumed-role session. Errors surface as <see cref="EventBridgeException"/>.
/// </summary>
public interface IEventBridgeClient
{
    /// <summary>Lets <paramref name="principalAccountId"/> put events on the platform bus (PutPermission; replaces a statement of the same id).</summary>
    Task PutPermissionAsync(string eventBusName, string statementId, string principalAccountId, CancellationToken cancellationToken);

    /// <returns>False when the bus has no statement of that id.</returns>
    Task<bool> RemovePermissionAsync(string eventBusName, string statementId, CancellationToken cancellationToken);

    /// <summary>Creates or updates a rule in the session's account and region.</summary>
    /// <returns>The rule's ARN.</returns>
    Task<string> PutRuleAsync(SesSession session, EventRule rule, CancellationToken cancellationToken);

    /// <summary>Adds or updates targets of a rule; a failed entry raises <see cref="EventBridgeException"/> with its code and message.</summary>
    Task PutTargetsAsync(SesSession session, string ruleName, string eventBusName, IReadOnlyList<EventRuleTarget> targets, CancellationToken cancellationToken);
}
