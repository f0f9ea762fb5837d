using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using EmailList.Core.Forwarding;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EmailList.Aws.EventBridge;

/// <summary>
/// EventBridge over HttpClient (awsJson1_1, SigV4 for "events"), with retries for throttling and transient
/// failures. Permission calls sign with the platform's credentials in the platform bus's region; rule calls
/// sign with the tenant's session in the tenant's region. Stands in for the EventBridge SDK package, which is
/// not available here.
/// </summary>
public sealed class EventBridgeClient : IEventBridgeClient
{
    // Our own codes for failures that never reached an EventBridge answer.
    internal const string RequestTimeoutCode = "RequestTimeout";
    internal const string ConnectionFailureCode = "ConnectionFailure";
    internal const string ConnectionLostCode = "ConnectionLost";
    internal const string InvalidResponseCode = "InvalidResponse";
    internal const string NoCredentialsCode = "NoPlatformCredentials";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");

    private readonly HttpClient httpClient;
    private readonly EventBridgeOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<EventBridgeClient> logger;
    private readonly ResiliencePipeline pipeline;
    private readonly AWSCredentials? configuredCredentials;

    public EventBridgeClient(HttpClient httpClient, IOptions<EventBridgeOptions> options, TimeProvider timeProvider, ILogger<EventBridgeClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.httpClient = httpClient;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        pipeline = BuildPipeline();
        configuredCredentials = string.IsNullOrEmpty(this.options.AccessKeyId)
            ? null
            : new BasicAWSCredentials(this.options.AccessKeyId, this.options.SecretAccessKey);
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
            EventBridgeClientLog.NoSuchStatement(logger, options.Region, eventBusName, statementId);
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
            throw new EventBridgeException(EventBridgeErrorKind.Unavailable, InvalidResponseCode, "EventBridge answered PutRule without a rule ARN.");
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
        EventBridgeClientLog.TargetFailed(logger, caller.Region, ruleName, targetId, code);
        throw new EventBridgeException(EventBridgeErrorKind.Invalid, code,
            string.IsNullOrEmpty(failed?.ErrorMessage) ? $"EventBridge refused target {targetId} of rule {ruleName}." : failed.ErrorMessage);
    }

    private async Task<Caller> PlatformCallerAsync()
    {
        try
        {
            // The default chain is resolved per call, not in the constructor: it may query instance metadata, a
            // process that never touches the platform bus needs no platform credentials, and the resolver caches.
            return new Caller(configuredCredentials ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(), options.Region);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException)
        {
            EventBridgeClientLog.Failed(logger, "ResolveCredentials", options.Region, nameof(EventBridgeErrorKind.InvalidCredentials), NoCredentialsCode);
            throw new EventBridgeException(EventBridgeErrorKind.InvalidCredentials, NoCredentialsCode,
                "No platform AWS credentials were found: set EventBridge:AccessKeyId and EventBridge:SecretAccessKey, or provide credentials to the default chain (environment, profile, instance role).",
                ex);
        }
    }

    private static Caller TenantCaller(SesSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var credentials = session.Credentials;
        return new Caller(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), session.Region);
    }

    private async Task<TResponse?> InvokeAsync<TResponse>(
        string operation, Caller caller, byte[] body, JsonTypeInfo<TResponse>? responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        var uri = ServiceUri(caller.Region);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var result = await pipeline.ExecuteAsync(
                ctx => SendOnceAsync(operation, caller, uri, body, responseType, ctx.CancellationToken),
                context);
            EventBridgeClientLog.Succeeded(logger, operation, caller.Region);
            return result;
        }
        catch (TimeoutRejectedException ex)
        {
            EventBridgeClientLog.Failed(logger, operation, caller.Region, nameof(EventBridgeErrorKind.Unavailable), RequestTimeoutCode);
            throw new EventBridgeException(EventBridgeErrorKind.Unavailable, RequestTimeoutCode,
                $"EventBridge did not answer {operation} within {options.Timeout.TotalSeconds:0.###} s.", ex);
        }
        catch (EventBridgeException ex)
        {
            EventBridgeClientLog.Failed(logger, operation, caller.Region, ex.Kind.ToString(), ex.ErrorCode);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<TResponse?> SendOnceAsync<TResponse>(
        string operation, Caller caller, Uri uri, byte[] body, JsonTypeInfo<TResponse>? responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSEvents." + operation);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;

        // Signed per attempt: X-Amz-Date must be fresh and a request message cannot be sent twice.
        await EventBridgeRequestSigner.SignAsync(request, body, caller.Credentials, caller.Region, timeProvider.GetUtcNow().UtcDateTime, cancellationToken);

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw ConnectionException(ex);
        }

        using (response)
        {
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    var errorBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    throw EventBridgeErrorMapper.FromResponse(response.StatusCode, response.Headers, errorBody);
                }

                if (responseType is null)
                {
                    return null;
                }

                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new EventBridgeException(EventBridgeErrorKind.Unavailable, InvalidResponseCode, "EventBridge answered with a body that is not the expected JSON.", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new EventBridgeException(EventBridgeErrorKind.Unavailable, ConnectionLostCode, "The connection to EventBridge broke while reading its answer.", ex);
            }
        }
    }

    private static EventBridgeException ConnectionException(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError
            ? new EventBridgeException(EventBridgeErrorKind.Unavailable, ConnectionFailureCode, "Could not connect to EventBridge.", ex)
            : new EventBridgeException(EventBridgeErrorKind.Unavailable, ConnectionLostCode, "The connection to EventBridge broke before it answered.", ex);

    private Uri ServiceUri(string region)
    {
        // The region becomes part of a host name and of the signature scope, so it must be a real region name.
        if (!AwsRegion.IsValid(region))
        {
            throw new EventBridgeException(EventBridgeErrorKind.Invalid, "InvalidRegion", $"'{region}' is not an AWS region name such as us-east-1.");
        }

        return AwsEndpoint.For("events", region, options.ServiceUrl);
    }

    // All four operations are idempotent (put replaces, remove of a missing statement is NotFound),
    // so timeouts and lost connections are retried like 5xx answers.
    private ResiliencePipeline BuildPipeline() =>
        new AwsRetryPolicy(options.MaxThrottleRetries, options.ThrottleBaseDelay, options.MaxTransientRetries, options.TransientBaseDelay, options.Timeout)
            .Build("eventbridge", timeProvider,
                new PredicateBuilder().Handle<EventBridgeException>(ex => ex.Kind == EventBridgeErrorKind.Throttled),
                new PredicateBuilder().Handle<EventBridgeException>(ex => ex.Kind == EventBridgeErrorKind.Unavailable).Handle<TimeoutRejectedException>(),
                LogRetry);

    private ValueTask LogRetry(OnRetryArguments<object> args)
    {
        var code = args.Outcome.Exception switch
        {
            EventBridgeException eventBridge => eventBridge.ErrorCode,
            TimeoutRejectedException => RequestTimeoutCode,
            { } other => other.GetType().Name,
            null => "Unknown",
        };
        EventBridgeClientLog.Retrying(logger, args.Context.OperationKey ?? "request", args.AttemptNumber + 1, code, args.RetryDelay);
        return ValueTask.CompletedTask;
    }

    private sealed record Caller(AWSCredentials Credentials, string Region);
}
