using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EmailList.Aws;

/// <summary>
/// The error code and message of an AWS JSON-protocol answer (rest-json or awsJson1_x): the code from the
/// <c>x-amzn-ErrorType</c> header, else the body's <c>__type</c>/<c>code</c>, else <c>Http&lt;status&gt;</c>.
/// </summary>
internal static class AwsErrorAnswer
{
    /// <summary>Credential and signature failures, alike for every AWS JSON service.</summary>
    public static bool IsCredentialCode(string code) => code is "ExpiredTokenException" or "ExpiredToken" or "UnrecognizedClientException"
        or "InvalidSignatureException" or "IncompleteSignature" or "IncompleteSignatureException" or "InvalidClientTokenId"
        or "SignatureDoesNotMatch" or "MissingAuthenticationTokenException";

    public static (string Code, string? Message) Read(HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        var (bodyCode, message) = ReadBody(body);
        var headerCode = headers.TryGetValues("x-amzn-ErrorType", out var values) ? StripCode(values.FirstOrDefault()) : null;
        return (headerCode ?? bodyCode ?? $"Http{(int)status}", message);
    }

    // "MessageRejected:http://internal.amazon.com/coral/com.amazon.coral.service/" and "com.amazonaws.events#ResourceNotFoundException"
    // both name their code before the colon and after the hash.
    private static string? StripCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        var code = colon >= 0 ? raw[..colon] : raw;
        var hash = code.LastIndexOf('#');
        code = hash >= 0 ? code[(hash + 1)..] : code;
        code = code.Trim();
        return code.Length == 0 ? null : code;
    }

    private static (string? Code, string? Message) ReadBody(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? code = null;
            string? message = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (property.NameEquals("__type") || property.Name.Equals("code", StringComparison.OrdinalIgnoreCase))
                {
                    code ??= StripCode(property.Value.GetString());
                }
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                {
                    message ??= property.Value.GetString();
                }
            }

            return (code, string.IsNullOrWhiteSpace(message) ? null : message);
        }
        catch (JsonException)
        {
            // A proxy or load balancer error page, not AWS: the status code decides.
            return (null, null);
        }
    }
}
