using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using EmailList.Core.Forwarding;
using EmailList.Core.Ses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.EventBridge;

/// <summary>
/// EventBridge over HttpClient (awsJson1_1, SigV4 for "events"), with retries for throttling and transient
/// failures. Calls sign with the tenant's session in the tenant's region. Stands in for the EventBridge SDK package, which is
/// not available here.
/// </summary>
public sealed class EventBridgeClient : IEventBridgeClient
{
    private readonly EventBridgeOptions _options;
    private readonly EventBridgeTransport _transport;
    private readonly ILogger<EventBridgeClient> _logger;

    public EventBridgeClient(HttpClient httpClient, IOptions<EventBridgeOptions> options, TimeProvider timeProvider, ILogger<EventBridgeClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _transport = new EventBridgeTransport(httpClient, _options, timeProvider, logger);
        _logger = logger;
    }

    public async Task<IReadOnlyList<EventRuleTarget>?> ListTargetsByRuleAsync(
        SesSession session, string ruleName, string eventBusName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleName);
        ArgumentException.ThrowIfNullOrEmpty(eventBusName);
        var caller = TenantCaller(session);
        var targets = new List<EventRuleTarget>();
        string? nextToken = null;
        do
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new ListTargetsByRuleRequest(ruleName, eventBusName, nextToken), EventBridgeJsonContext.Default.ListTargetsByRuleRequest);
            ListTargetsByRuleResponse? page;
            try
            {
                page = await InvokeAsync("ListTargetsByRule", caller, body, EventBridgeJsonContext.Default.ListTargetsByRuleResponse, cancellationToken);
            }
            catch (EventBridgeException ex) when (ex.Kind == EventBridgeErrorKind.NotFound)
            {
                return null;
            }

            targets.AddRange((page?.Targets ?? []).Select(t => new EventRuleTarget(t.Id, t.Arn, t.RoleArn)));
            nextToken = page?.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return targets;
    }

    public async Task<string> PutRuleAsync(SesSession session, EventRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new PutRuleRequest(rule.Name, rule.EventPattern, "ENABLED", rule.Description, rule.EventBusName),
            EventBridgeJsonContext.Default.PutRuleRequest);
        var response = await InvokeAsync("PutRule", TenantCaller(session), body, EventBridgeJsonContext.Default.PutRuleResponse, cancellationToken);
        if (string.IsNullOrEmpty(response?.RuleArn))
        {
            throw new EventBridgeException(EventBridgeErrorKind.Unavailable, EventBridgeTransport.InvalidResponseCode, "EventBridge answered PutRule without a rule ARN.");
        }

        return response.RuleArn;
    }

    public async Task PutTargetsAsync(
        SesSession session, string ruleName, string eventBusName, IReadOnlyList<EventRuleTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleName);
        ArgumentException.ThrowIfNullOrEmpty(eventBusName);
        ArgumentNullException.ThrowIfNull(targets);
        var caller = TenantCaller(session);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new PutTargetsRequest(ruleName, eventBusName, [.. targets.Select(target => new EventBridgeWireTarget(target.Id, target.Arn, target.RoleArn))]),
            EventBridgeJsonContext.Default.PutTargetsRequest);
        var response = await InvokeAsync("PutTargets", caller, body, EventBridgeJsonContext.Default.PutTargetsResponse, cancellationToken);
        if (response is null || response.FailedEntryCount <= 0)
        {
            return;
        }

        // Failed entries come in a 200 answer: the request was understood, the target refused.
        var failed = response.FailedEntries is { Count: > 0 } entries ? entries[0] : null;
        var code = string.IsNullOrEmpty(failed?.ErrorCode) ? "FailedEntry" : failed.ErrorCode;
        var targetId = failed?.TargetId ?? "(unknown)";
        EventBridgeClientLog.TargetFailed(_logger, caller.Region, ruleName, targetId, code);
        throw new EventBridgeException(EventBridgeErrorKind.Invalid, code,
            string.IsNullOrEmpty(failed?.ErrorMessage) ? $"EventBridge refused target {targetId} of rule {ruleName}." : failed.ErrorMessage);
    }

    private static EventBridgeCaller TenantCaller(SesSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var credentials = session.Credentials;
        return new EventBridgeCaller(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), session.Region);
    }

    // All three operations are idempotent (put replaces, list reads),
    // so timeouts and lost connections are retried like 5xx answers.
    private Task<TResponse?> InvokeAsync<TResponse>(
        string operation, EventBridgeCaller caller, byte[] body, JsonTypeInfo<TResponse>? responseType, CancellationToken cancellationToken)
        where TResponse : class =>
        _transport.InvokeAsync(operation, idempotent: true, caller, HttpMethod.Post, _transport.ServiceUri(caller.Region), body, responseType, cancellationToken);
}
