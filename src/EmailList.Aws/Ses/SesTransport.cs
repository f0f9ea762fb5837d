using System.Net;
using System.Net.Http.Headers;

using EmailList.Core.Ses;

using Microsoft.Extensions.Logging;

namespace EmailList.Aws.Ses;

/// <summary>SES v2's rest-json: signed with the tenant's session, errors read by <see cref="SesErrorMapper"/>.</summary>
internal sealed class SesTransport(HttpClient httpClient, SesOptions options, TimeProvider timeProvider, ILogger logger)
    : AwsJsonTransport<SesSession, SesException>(httpClient, options, timeProvider, logger, "SES", "email", new MediaTypeHeaderValue(JsonMediaType))
{
    private const string JsonMediaType = "application/json";

    protected override string UnavailableKind => nameof(SesErrorKind.Unavailable);

    protected override string RegionOf(SesSession caller) => caller.Region;

    protected override Task SignAsync(HttpRequestMessage request, string operation, byte[]? body, SesSession caller, CancellationToken cancellationToken) =>
        SesRequestSigner.SignAsync(request, body, body is null ? null : JsonMediaType, caller, TimeProvider.GetUtcNow().UtcDateTime, cancellationToken);

    protected override SesException FromErrorAnswer(HttpStatusCode status, HttpResponseHeaders headers, byte[] body) =>
        SesErrorMapper.FromResponse(status, headers, body, TimeProvider.GetUtcNow());

    protected override SesException Unavailable(string code, string message, Exception innerException) =>
        new(SesErrorKind.Unavailable, code, message, innerException: innerException);

    protected override SesException InvalidRegion(string message) => new(SesErrorKind.BadRequest, "InvalidRegion", message);

    protected override bool IsThrottled(SesException exception) => exception.Kind == SesErrorKind.Throttled;

    protected override bool IsUnavailable(SesException exception) => exception.Kind == SesErrorKind.Unavailable;

    protected override string KindOf(SesException exception) => exception.Kind.ToString();

    protected override string ErrorCodeOf(SesException exception) => exception.ErrorCode;

    // A creation that finds its resource there already is an answer the client turns into false, not a failure.
    protected override bool IsWorthLogging(SesException exception) => exception.Kind != SesErrorKind.AlreadyExists;
}
