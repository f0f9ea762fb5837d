using System.Text.Json;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Events;

namespace EmailList.Sandbox.State;

/// <summary>An EventBridge bus: its resource policy and its rules, in the order they were made.</summary>
internal sealed class EventBusState(string name, string accountId, string region)
{
    public string Name { get; } = name;

    public string AccountId { get; } = accountId;

    public string Region { get; } = region;

    public string Arn => ArnOf(AccountId, Region, Name);

    public List<SandboxBusStatement> Policy { get; } = [];

    public Dictionary<string, EventRuleState> Rules { get; } = new(StringComparer.Ordinal);

    public static string ArnOf(string accountId, string region, string busName) => $"arn:aws:events:{region}:{accountId}:event-bus/{busName}";

    /// <summary>Rule ARNs name the bus unless it is the default one.</summary>
    public string RuleArn(string ruleName) =>
        Name == ForwardingState.DefaultBus
            ? $"arn:aws:events:{Region}:{AccountId}:rule/{ruleName}"
            : $"arn:aws:events:{Region}:{AccountId}:rule/{Name}/{ruleName}";

    /// <summary>
    /// Whether the policy lets an event of <paramref name="source"/> in from <paramref name="accountId"/>, put by <paramref name="principalArn"/>
    /// (the target's role; none when the rule's target has no RoleArn). The bus's own account always may.
    /// </summary>
    public bool AllowsPutEvents(string accountId, string? principalArn, string source) =>
        accountId == AccountId || Policy.Any(s => s.Allows(principalArn, source));

    public SandboxEventBus ToAdmin() =>
        new(Name, Arn, AccountId, Region, [.. Policy], [.. Rules.Values.Select(r => r.ToAdmin())]);
}

/// <summary>An EventBridge rule; <see cref="Targets"/> keep each target as given (echoed by ListTargetsByRule).</summary>
internal sealed class EventRuleState(string name, string arn)
{
    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public string? EventPatternText { get; set; }

    public EventPattern? Pattern { get; set; }

    public string? ScheduleExpression { get; set; }

    public string State { get; set; } = "ENABLED";

    public string? Description { get; set; }

    public string? RoleArn { get; set; }

    public List<(string Id, string Arn, string? RoleArn, JsonElement Definition)> Targets { get; } = [];

    public SandboxEventRule ToAdmin() =>
        new(Name, Arn, EventPatternText, State, Description, [.. Targets.Select(t => new SandboxRuleTarget(t.Id, t.Arn, t.RoleArn))]);
}
