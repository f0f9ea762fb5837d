using System.Net;
using System.Net.Http.Headers;

using EmailList.Core.Forwarding;

using Microsoft.Extensions.Logging;

namespace EmailList.Aws.EventBridge;

/// <summary>EventBridge's awsJson1_1: one POST per operation named in X-Amz-Target, errors read by <see cref="EventBridgeErrorMapper"/>.</summary>
internal sealed class EventBridgeTransport(HttpClient httpClient, EventBridgeOptions options, TimeProvider timeProvider, ILogger logger)
    : AwsJsonTransport<EventBridgeCaller, EventBridgeException>(
        httpClient, options, timeProvider, logger, "EventBridge", EventBridgeRequestSigner.ServiceName, new MediaTypeHeaderValue("application/x-amz-json-1.1"))
{
    protected override string UnavailableKind => nameof(EventBridgeErrorKind.Unavailable);

    protected override string RegionOf(EventBridgeCaller caller) => caller.Region;

    protected override Task SignAsync(HttpRequestMessage request, string operation, byte[]? body, EventBridgeCaller caller, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSEvents." + operation);
        return EventBridgeRequestSigner.SignAsync(request, body ?? [], caller.Credentials, caller.Region, TimeProvider.GetUtcNow().UtcDateTime, cancellationToken);
    }

    protected override EventBridgeException FromErrorAnswer(HttpStatusCode status, HttpResponseHeaders headers, byte[] body) =>
        EventBridgeErrorMapper.FromResponse(status, headers, body);

    protected override EventBridgeException Unavailable(string code, string message, Exception innerException) =>
        new(EventBridgeErrorKind.Unavailable, code, message, innerException);

    protected override EventBridgeException InvalidRegion(string message) => new(EventBridgeErrorKind.Invalid, "InvalidRegion", message);

    protected override bool IsThrottled(EventBridgeException exception) => exception.Kind == EventBridgeErrorKind.Throttled;

    protected override bool IsUnavailable(EventBridgeException exception) => exception.Kind == EventBridgeErrorKind.Unavailable;

    protected override string KindOf(EventBridgeException exception) => exception.Kind.ToString();

    protected override string ErrorCodeOf(EventBridgeException exception) => exception.ErrorCode;
}
