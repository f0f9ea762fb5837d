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
/// failures. Permission calls sign with the platform's credentials in the platform bus's region; rule calls
/// sign with the tenant's session in the tenant's region. Stands in for the EventBridge SDK package, which is
/// not available here.
/// </summary>
public sealed class EventBridgeClient : IEventBridgeClient
{
    internal const string NoCredentialsCode = "NoPlatformCredentials";

    private readonly EventBridgeOptions _options;
    private readonly EventBridgeTransport _transport;
    private readonly ILogger<EventBridgeClient> _logger;
    private readonly AWSCredentials? _configuredCredentials;

    public EventBridgeClient(HttpClient httpClient, IOptions<EventBridgeOptions> options, TimeProvider timeProvider, ILogger<EventBridgeClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _transport = new EventBridgeTransport(httpClient, _options, timeProvider, logger);
        _logger = logger;
        _configuredCredentials = string.IsNullOrEmpty(_options.AccessKeyId)
            ? null
            : new BasicAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey);
    }

    public async Task PutPermissionAsync(string eventBusName, string statementId, string principalAccountId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventBusName);
        ArgumentException.ThrowIfNullOrEmpty(statementId);
        ArgumentException.ThrowIfNullOrEmpty(principalAccountId);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new PutPermissionRequest(eventBusName, "events:PutEvents", principalAccountId, statementId),
            EventBridgeJsonContext.Default.PutPermissionRequest);
        await InvokeAsync<object>("PutPermission", await PlatformCallerAsync(), body, null, cancellationToken);
    }

    public async Task<bool> RemovePermissionAsync(string eventBusName, string statementId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventBusName);
        ArgumentException.ThrowIfNullOrEmpty(statementId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new RemovePermissionRequest(eventBusName, statementId), EventBridgeJsonContext.Default.RemovePermissionRequest);
        try
        {
            await InvokeAsync<object>("RemovePermission", await PlatformCallerAsync(), body, null, cancellationToken);
            return true;
        }
        catch (EventBridgeException ex) when (ex.Kind == EventBridgeErrorKind.NotFound)
        {
            EventBridgeClientLog.NoSuchStatement(_logger, _options.Region, eventBusName, statementId);
            return false;
        }
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

    private async Task<EventBridgeCaller> PlatformCallerAsync()
    {
        try
        {
            // The default chain is resolved per call, not in the constructor: it may query instance metadata, a
            // process that never touches the platform bus needs no platform credentials, and the resolver caches.
            return new EventBridgeCaller(_configuredCredentials ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(), _options.Region);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException)
        {
            AwsClientLog.Failed(_logger, "EventBridge", "ResolveCredentials", _options.Region, nameof(EventBridgeErrorKind.InvalidCredentials), NoCredentialsCode);
            throw new EventBridgeException(EventBridgeErrorKind.InvalidCredentials, NoCredentialsCode,
                "No platform AWS credentials were found: set EventBridge:AccessKeyId and EventBridge:SecretAccessKey, or provide credentials to the default chain (environment, profile, instance role).",
                ex);
        }
    }

    private static EventBridgeCaller TenantCaller(SesSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var credentials = session.Credentials;
        return new EventBridgeCaller(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), session.Region);
    }

    // All four operations are idempotent (put replaces, remove of a missing statement is NotFound),
    // so timeouts and lost connections are retried like 5xx answers.
    private Task<TResponse?> InvokeAsync<TResponse>(
        string operation, EventBridgeCaller caller, byte[] body, JsonTypeInfo<TResponse>? responseType, CancellationToken cancellationToken)
        where TResponse : class =>
        _transport.InvokeAsync(operation, idempotent: true, caller, HttpMethod.Post, _transport.ServiceUri(caller.Region), body, responseType, cancellationToken);
}
