using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using EmailList.Core.Tenants;

using Microsoft.Extensions.Logging;

using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EmailList.Aws;

/// <summary>
/// What every hand-written AWS JSON client does the same way: sign each attempt, send, turn an error answer or a
/// broken connection into the service's exception, retry throttling and transient failures with back-off, log.
/// A service says how it signs, how its errors read and which of them are throttling or unavailability.
/// </summary>
/// <typeparam name="TCaller">Who signs a call: the credentials and the region the call goes to.</typeparam>
/// <typeparam name="TException">The service's exception, e.g. <c>SesException</c>.</typeparam>
internal abstract class AwsJsonTransport<TCaller, TException>
    where TException : Exception
{
    // Our own codes for failures that never reached an answer from the service.
    public const string RequestTimeoutCode = "RequestTimeout";
    public const string ConnectionFailureCode = "ConnectionFailure";
    public const string ConnectionLostCode = "ConnectionLost";
    public const string InvalidResponseCode = "InvalidResponse";

    private readonly HttpClient _httpClient;
    private readonly AwsClientOptions _options;
    private readonly ILogger _logger;
    private readonly string _serviceName;
    private readonly string _hostPrefix;
    private readonly MediaTypeHeaderValue _contentType;

    // A call that is not idempotent (SendEmail) may have been acted on when its attempt timed out or lost its
    // connection, so its pipeline retries only failures the service certainly did not act on.
    private readonly ResiliencePipeline _idempotentPipeline;
    private readonly ResiliencePipeline _onceOnlyPipeline;

    /// <param name="serviceName">The service as messages and logs name it ("SES").</param>
    /// <param name="hostPrefix">The first label of its public endpoint ("email" in email.us-east-1.amazonaws.com).</param>
    protected AwsJsonTransport(
        HttpClient httpClient, AwsClientOptions options, TimeProvider timeProvider, ILogger logger,
        string serviceName, string hostPrefix, MediaTypeHeaderValue contentType)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient;
        _options = options;
        TimeProvider = timeProvider;
        _logger = logger;
        _serviceName = serviceName;
        _hostPrefix = hostPrefix;
        _contentType = contentType;
        _idempotentPipeline = BuildPipeline(idempotent: true);
        _onceOnlyPipeline = BuildPipeline(idempotent: false);
    }

    protected TimeProvider TimeProvider { get; }

    /// <summary>
    /// Sends one call with retries and returns its answer (null when <paramref name="responseType"/> is null),
    /// or throws the service's exception.
    /// </summary>
    public async Task<TResponse?> InvokeAsync<TResponse>(
        string operation,
        bool idempotent,
        TCaller caller,
        HttpMethod method,
        Uri uri,
        byte[]? body,
        JsonTypeInfo<TResponse>? responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        var region = RegionOf(caller);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var pipeline = idempotent ? _idempotentPipeline : _onceOnlyPipeline;
            var result = await pipeline.ExecuteAsync(
                ctx => SendOnceAsync(new Attempt(operation, caller, method, uri, body), responseType, ctx.CancellationToken),
                context);
            AwsClientLog.Succeeded(_logger, _serviceName, operation, region);
            return result;
        }
        catch (TimeoutRejectedException ex)
        {
            AwsClientLog.Failed(_logger, _serviceName, operation, region, UnavailableKind, RequestTimeoutCode);
            var consequence = idempotent ? string.Empty : $" {_serviceName} may have acted on it, so it was not resent.";
            throw Unavailable(RequestTimeoutCode,
                $"{_serviceName} did not answer {operation} within {_options.AttemptTimeout.TotalSeconds:0.###} s.{consequence}", ex);
        }
        catch (TException ex) when (IsWorthLogging(ex))
        {
            AwsClientLog.Failed(_logger, _serviceName, operation, region, KindOf(ex), ErrorCodeOf(ex));
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The service's endpoint in the region, or the configured override.</summary>
    public Uri ServiceUri(string region)
    {
        // The region becomes part of a host name and of the signature scope, so it must be a real region name.
        if (!AwsRegion.IsValid(region))
        {
            throw InvalidRegion($"'{region}' is not an AWS region name such as us-east-1.");
        }

        return AwsEndpoint.For(_hostPrefix, region, _options.ServiceUrl);
    }

    /// <summary>The name of <see cref="IsUnavailable"/>'s kind, as failures are logged.</summary>
    protected abstract string UnavailableKind { get; }

    protected abstract string RegionOf(TCaller caller);

    /// <summary>Adds the signature (and any header the signature must cover) to one attempt.</summary>
    protected abstract Task SignAsync(HttpRequestMessage request, string operation, byte[]? body, TCaller caller, CancellationToken cancellationToken);

    protected abstract TException FromErrorAnswer(HttpStatusCode status, HttpResponseHeaders headers, byte[] body);

    /// <summary>A failure with no answer from the service behind it; <see cref="IsUnavailable"/> must hold for it.</summary>
    protected abstract TException Unavailable(string code, string message, Exception innerException);

    protected abstract TException InvalidRegion(string message);

    protected abstract bool IsThrottled(TException exception);

    protected abstract bool IsUnavailable(TException exception);

    protected abstract string KindOf(TException exception);

    protected abstract string ErrorCodeOf(TException exception);

    /// <summary>False for answers the caller expects and handles, which are not failures worth a warning.</summary>
    protected virtual bool IsWorthLogging(TException exception) => true;

    private async ValueTask<TResponse?> SendOnceAsync<TResponse>(Attempt attempt, JsonTypeInfo<TResponse>? responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(attempt.Method, attempt.Uri);
        if (attempt.Body is not null)
        {
            request.Content = new ByteArrayContent(attempt.Body);
            request.Content.Headers.ContentType = _contentType;
        }

        // Signed per attempt: X-Amz-Date must be fresh and a request message cannot be sent twice.
        await SignAsync(request, attempt.Operation, attempt.Body, attempt.Caller, cancellationToken);

        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError
                ? Unavailable(ConnectionFailureCode, $"Could not connect to {_serviceName}.", ex)
                : Unavailable(ConnectionLostCode, $"The connection to {_serviceName} broke before it answered.", ex);
        }

        using (response)
        {
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    var errorBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    throw FromErrorAnswer(response.StatusCode, response.Headers, errorBody);
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
                throw Unavailable(InvalidResponseCode, $"{_serviceName} answered with a body that is not the expected JSON.", ex);
            }
            catch (HttpRequestException ex)
            {
                throw Unavailable(ConnectionLostCode, $"The connection to {_serviceName} broke while reading its answer.", ex);
            }
        }
    }

    private ResiliencePipeline BuildPipeline(bool idempotent)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = TimeProvider };
        var name = _serviceName.ToLowerInvariant();
        if (_options.MaxThrottleRetries > 0)
        {
            builder.AddRetry(Retry(name + "-throttling", new PredicateBuilder().Handle<TException>(IsThrottled),
                _options.MaxThrottleRetries, _options.ThrottleBaseDelay));
        }

        if (_options.MaxTransientRetries > 0)
        {
            var transient = new PredicateBuilder().Handle<TException>(ex => IsRetryableTransient(ex, idempotent));
            if (idempotent)
            {
                transient = transient.Handle<TimeoutRejectedException>();
            }

            builder.AddRetry(Retry(name + "-transient", transient, _options.MaxTransientRetries, _options.TransientBaseDelay));
        }

        builder.AddTimeout(_options.AttemptTimeout);
        return builder.Build();
    }

    private bool IsRetryableTransient(TException exception, bool idempotent) =>
        IsUnavailable(exception)
        && (idempotent || ErrorCodeOf(exception) is not (ConnectionLostCode or InvalidResponseCode));

    private RetryStrategyOptions Retry(string name, PredicateBuilder<object> handle, int attempts, TimeSpan delay) => new()
    {
        Name = name,
        ShouldHandle = handle,
        MaxRetryAttempts = attempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = delay,
        OnRetry = LogRetry,
    };

    private ValueTask LogRetry(OnRetryArguments<object> args)
    {
        var code = args.Outcome.Exception switch
        {
            TException known => ErrorCodeOf(known),
            TimeoutRejectedException => RequestTimeoutCode,
            { } other => other.GetType().Name,
            null => "Unknown",
        };
        AwsClientLog.Retrying(_logger, _serviceName, args.Context.OperationKey ?? "request", args.AttemptNumber + 1, code, args.RetryDelay);
        return ValueTask.CompletedTask;
    }

    private readonly record struct Attempt(string Operation, TCaller Caller, HttpMethod Method, Uri Uri, byte[]? Body);
}
