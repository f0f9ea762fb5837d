using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using EmailList.Core.Ses;
using EmailList.Core.Tenants;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EmailList.Aws.Ses;

/// <summary>
/// SES v2 over HttpClient (rest-json, SigV4 with the tenant's session credentials), with retries for
/// throttling and transient failures. Stands in for the SES v2 SDK package, which is not available here.
/// </summary>
public sealed class SesV2Client : ISesClient
{
    // Our own codes for failures that never reached an SES answer.
    internal const string RequestTimeoutCode = "RequestTimeout";
    internal const string ConnectionFailureCode = "ConnectionFailure";
    internal const string ConnectionLostCode = "ConnectionLost";
    internal const string InvalidResponseCode = "InvalidResponse";

    // The largest page SES allows; a tenant rarely has more than a few identities.
    private const int IdentitiesPageSize = 1000;

    private const string JsonMediaType = "application/json";
    private const string SendEmailPath = "v2/email/outbound-emails";
    private static readonly MediaTypeHeaderValue JsonContentType = new(JsonMediaType);

    private readonly HttpClient httpClient;
    private readonly SesOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<SesV2Client> logger;

    // SendEmail's address per region, parsed once: there are a few dozen regions and it is asked on every send.
    private readonly ConcurrentDictionary<string, Uri> sendEmailUris = new(StringComparer.Ordinal);

    // SendEmail is not idempotent: an attempt that timed out or lost its connection may have sent the
    // message, so its pipeline retries only failures SES certainly did not act on.
    private readonly ResiliencePipeline sendPipeline;
    private readonly ResiliencePipeline idempotentPipeline;

    public SesV2Client(HttpClient httpClient, IOptions<SesOptions> options, TimeProvider timeProvider, ILogger<SesV2Client> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.httpClient = httpClient;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        sendPipeline = BuildPipeline(idempotent: false);
        idempotentPipeline = BuildPipeline(idempotent: true);
    }

    public async Task<string> SendEmailAsync(SesSession session, OutboundEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var request = new SendEmailRequest(
            email.FromEmailAddress,
            new SesWireDestination(NullIfEmpty(email.Destination.To), NullIfEmpty(email.Destination.Cc), NullIfEmpty(email.Destination.Bcc)),
            new SesWireEmailContent(new SesWireRawMessage(email.RawMessage)),
            email.Tags.Count == 0 ? null : WireTags(email.Tags),
            email.ConfigurationSetName);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SesJsonContext.Default.SendEmailRequest);

        var response = await InvokeAsync("SendEmail", idempotent: false, session, HttpMethod.Post, SendEmailPath, body,
            SesJsonContext.Default.SendEmailResponse, cancellationToken);
        if (string.IsNullOrEmpty(response?.MessageId))
        {
            throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered SendEmail without a message id.");
        }

        return response.MessageId;
    }

    public async Task<SesAccount> GetAccountAsync(SesSession session, CancellationToken cancellationToken)
    {
        var response = await InvokeAsync("GetAccount", idempotent: true, session, HttpMethod.Get, "v2/email/account", null,
            SesJsonContext.Default.GetAccountResponse, cancellationToken)
            ?? throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered GetAccount with an empty body.");
        var quota = response.SendQuota;
        return new SesAccount(response.SendingEnabled, response.ProductionAccessEnabled, response.EnforcementStatus,
            quota?.Max24HourSend ?? 0, quota?.MaxSendRate ?? 0, quota?.SentLast24Hours ?? 0);
    }

    public async Task PutSuppressedDestinationAsync(SesSession session, string emailAddress, string reason, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new PutSuppressedDestinationRequest(emailAddress, reason),
            SesJsonContext.Default.PutSuppressedDestinationRequest);
        await InvokeAsync<object>("PutSuppressedDestination", idempotent: true, session, HttpMethod.Put, "v2/email/suppression/addresses", body,
            null, cancellationToken);
    }

    public async Task DeleteSuppressedDestinationAsync(SesSession session, string emailAddress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(emailAddress);
        await InvokeAsync<object>("DeleteSuppressedDestination", idempotent: true, session, HttpMethod.Delete,
            "v2/email/suppression/addresses/" + Uri.EscapeDataString(emailAddress), null, null, cancellationToken);
    }

    public async Task<SuppressedDestinationPage> ListSuppressedDestinationsAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken)
    {
        var path = "v2/email/suppression/addresses?PageSize=" + pageSize.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(nextToken))
        {
            path += "&NextToken=" + Uri.EscapeDataString(nextToken);
        }

        var response = await InvokeAsync("ListSuppressedDestinations", idempotent: true, session, HttpMethod.Get, path, null,
            SesJsonContext.Default.ListSuppressedDestinationsResponse, cancellationToken);
        var items = response?.SuppressedDestinationSummaries?
            .Select(item => new SuppressedDestination(item.EmailAddress, item.Reason, item.LastUpdateTime))
            .ToList() ?? [];
        return new SuppressedDestinationPage(items, string.IsNullOrEmpty(response?.NextToken) ? null : response.NextToken);
    }

    public async Task<IReadOnlyList<SesIdentity>> ListEmailIdentitiesAsync(SesSession session, CancellationToken cancellationToken)
    {
        var identities = new List<SesIdentity>();
        string? nextToken = null;
        do
        {
            var path = "v2/email/identities?PageSize=" + IdentitiesPageSize.ToString(CultureInfo.InvariantCulture);
            if (nextToken is not null)
            {
                path += "&NextToken=" + Uri.EscapeDataString(nextToken);
            }

            var response = await InvokeAsync("ListEmailIdentities", idempotent: true, session, HttpMethod.Get, path, null,
                SesJsonContext.Default.ListEmailIdentitiesResponse, cancellationToken);
            identities.AddRange(response?.EmailIdentities?
                .Where(item => !string.IsNullOrEmpty(item.IdentityName))
                .Select(item => new SesIdentity(item.IdentityName!, item.IdentityType ?? string.Empty, item.SendingEnabled, item.VerificationStatus ?? "NOT_STARTED"))
                ?? []);

            var previous = nextToken;
            nextToken = string.IsNullOrEmpty(response?.NextToken) ? null : response.NextToken;
            if (nextToken is not null && nextToken == previous)
            {
                // A server that hands back the token it was given would keep us here forever.
                throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered ListEmailIdentities with the same page token again.");
            }
        }
        while (nextToken is not null);

        return identities;
    }

    public async Task<bool> CreateConfigurationSetAsync(SesSession session, string configurationSetName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationSetName);
        var body = JsonSerializer.SerializeToUtf8Bytes(new CreateConfigurationSetRequest(configurationSetName), SesJsonContext.Default.CreateConfigurationSetRequest);
        return await CreateAsync("CreateConfigurationSet", session, "v2/email/configuration-sets", body, configurationSetName, cancellationToken);
    }

    public async Task<bool> CreateConfigurationSetEventDestinationAsync(
        SesSession session, string configurationSetName, SesEventDestination destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationSetName);
        ArgumentNullException.ThrowIfNull(destination);
        var request = new CreateConfigurationSetEventDestinationRequest(
            destination.Name,
            new SesWireEventDestinationDefinition(
                destination.Enabled,
                [.. destination.MatchingEventTypes],
                new SesWireEventBridgeDestination(destination.EventBusArn)));
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SesJsonContext.Default.CreateConfigurationSetEventDestinationRequest);
        var path = "v2/email/configuration-sets/" + Uri.EscapeDataString(configurationSetName) + "/event-destinations";
        return await CreateAsync("CreateConfigurationSetEventDestination", session, path, body,
            configurationSetName + "/" + destination.Name, cancellationToken);
    }

    // Creation is retried like a read: if a retried attempt finds what the first one created, AlreadyExists says so.
    private async Task<bool> CreateAsync(string operation, SesSession session, string relativePath, byte[] body, string resource, CancellationToken cancellationToken)
    {
        try
        {
            await InvokeAsync<object>(operation, idempotent: true, session, HttpMethod.Post, relativePath, body, null, cancellationToken);
            return true;
        }
        catch (SesException ex) when (ex.Kind == SesErrorKind.AlreadyExists)
        {
            SesClientLog.AlreadyExists(logger, operation, session.Region, resource);
            return false;
        }
    }

    private async Task<TResponse?> InvokeAsync<TResponse>(
        string operation,
        bool idempotent,
        SesSession session,
        HttpMethod method,
        string relativePath,
        byte[]? body,
        JsonTypeInfo<TResponse>? responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(session);
        var uri = ReferenceEquals(relativePath, SendEmailPath)
            ? sendEmailUris.GetOrAdd(session.Region, region => new Uri(ServiceUri(region), SendEmailPath))
            : new Uri(ServiceUri(session.Region), relativePath);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var pipeline = idempotent ? idempotentPipeline : sendPipeline;
            var result = await pipeline.ExecuteAsync(
                ctx => SendOnceAsync(session, method, uri, body, responseType, ctx.CancellationToken),
                context);
            SesClientLog.Succeeded(logger, operation, session.Region);
            return result;
        }
        catch (TimeoutRejectedException ex)
        {
            SesClientLog.Failed(logger, operation, session.Region, nameof(SesErrorKind.Unavailable), RequestTimeoutCode);
            var consequence = idempotent ? string.Empty : " SES may have accepted the message, so it was not resent.";
            throw new SesException(SesErrorKind.Unavailable, RequestTimeoutCode,
                $"SES did not answer {operation} within {options.AttemptTimeout.TotalSeconds:0.###} s.{consequence}", innerException: ex);
        }
        catch (SesException ex) when (ex.Kind != SesErrorKind.AlreadyExists)
        {
            SesClientLog.Failed(logger, operation, session.Region, ex.Kind.ToString(), ex.ErrorCode);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<TResponse?> SendOnceAsync<TResponse>(
        SesSession session,
        HttpMethod method,
        Uri uri,
        byte[]? body,
        JsonTypeInfo<TResponse>? responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        // Signed per attempt: X-Amz-Date must be fresh and a request message cannot be sent twice.
        await SesRequestSigner.SignAsync(request, body, body is null ? null : JsonMediaType, session, timeProvider.GetUtcNow().UtcDateTime, cancellationToken);

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
                    throw SesErrorMapper.FromResponse(response.StatusCode, response.Headers, errorBody, timeProvider.GetUtcNow());
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
                throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered with a body that is not the expected JSON.", innerException: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new SesException(SesErrorKind.Unavailable, ConnectionLostCode, "The connection to SES broke while reading its answer.", innerException: ex);
            }
        }
    }

    private static SesException ConnectionException(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError
            ? new SesException(SesErrorKind.Unavailable, ConnectionFailureCode, "Could not connect to SES.", innerException: ex)
            : new SesException(SesErrorKind.Unavailable, ConnectionLostCode, "The connection to SES broke before it answered.", innerException: ex);

    private Uri ServiceUri(string region)
    {
        // The region becomes part of a host name and of the signature scope, so it must be a real region name.
        if (!AwsRegion.IsValid(region))
        {
            throw new SesException(SesErrorKind.BadRequest, "InvalidRegion", $"'{region}' is not an AWS region name such as us-east-1.");
        }

        return AwsEndpoint.For("email", region, options.ServiceUrl);
    }

    private ResiliencePipeline BuildPipeline(bool idempotent)
    {
        var transient = new PredicateBuilder().Handle<SesException>(ex => IsRetryableTransient(ex, idempotent));
        if (idempotent)
        {
            transient = transient.Handle<TimeoutRejectedException>();
        }

        return new AwsRetryPolicy(options.MaxThrottleRetries, options.ThrottleBaseDelay, options.MaxTransientRetries, options.TransientBaseDelay, options.AttemptTimeout)
            .Build("ses", timeProvider, new PredicateBuilder().Handle<SesException>(ex => ex.Kind == SesErrorKind.Throttled), transient, LogRetry);
    }

    private static bool IsRetryableTransient(SesException ex, bool idempotent) =>
        ex.Kind == SesErrorKind.Unavailable
        && (idempotent || ex.ErrorCode is not (ConnectionLostCode or InvalidResponseCode));

    private ValueTask LogRetry(OnRetryArguments<object> args)
    {
        var code = args.Outcome.Exception switch
        {
            SesException ses => ses.ErrorCode,
            TimeoutRejectedException => RequestTimeoutCode,
            { } other => other.GetType().Name,
            null => "Unknown",
        };
        SesClientLog.Retrying(logger, args.Context.OperationKey ?? "request", args.AttemptNumber + 1, code, args.RetryDelay);
        return ValueTask.CompletedTask;
    }

    private static SesWireMessageTag[] WireTags(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var wire = new SesWireMessageTag[tags.Count];
        for (var i = 0; i < wire.Length; i++)
        {
            wire[i] = new SesWireMessageTag(tags[i].Key, tags[i].Value);
        }

        return wire;
    }

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> addresses) => addresses.Count == 0 ? null : addresses;
}
