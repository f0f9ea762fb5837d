using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace EmailList.Sandbox.Auth;

/// <summary>
/// Checks an AWS Signature Version 4 Authorization header the way AWS does for non-S3 services:
/// the canonical URI is the path as sent, URI-encoded once more (so a client's <c>%40</c> is signed as <c>%2540</c>).
/// </summary>
internal sealed class SigV4Verifier(SandboxWorld world, IOptions<SandboxOptions> options, TimeProvider timeProvider)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private readonly SandboxOptions _options = options.Value;

    /// <param name="service">The service the endpoint belongs to: "sts" or "ses".</param>
    /// <param name="expiredTokenCode">"ExpiredToken" (query protocol) or "ExpiredTokenException" (JSON protocols).</param>
    public AwsError? Verify(HttpRequest request, byte[] body, string service, string expiredTokenCode, out AwsCaller? caller)
    {
        caller = null;
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            return AwsError.MissingAuthentication();
        }

        if (!TryParseAuthorization(authorization, out var credential, out var signedHeaders, out var signature, out var problem))
        {
            return AwsError.Incomplete(problem);
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return AwsError.Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'");
        }

        var (accessKeyId, scopeDate, region, scopeService) = (scope[0], scope[1], scope[2], scope[3]);
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return AwsError.Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!signedHeaders.Contains("host"))
        {
            return AwsError.Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        var secret = ResolveSecret(accessKeyId, request, region, out caller);
        if (secret is null)
        {
            return AwsError.InvalidToken();
        }

        if (scopeService != service)
        {
            return AwsError.SignatureMismatch() with { Message = $"Credential should be scoped to correct service: '{service}'. " };
        }

        if (!amzDate.StartsWith(scopeDate, StringComparison.Ordinal))
        {
            return AwsError.SignatureMismatch() with
            {
                Message = $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate[..8]}', from '{amzDate}'.",
            };
        }

        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var declaredHash = request.Headers["X-Amz-Content-SHA256"].ToString();
        if (declaredHash.Length > 0 && !string.Equals(declaredHash, bodyHash, StringComparison.Ordinal))
        {
            return AwsError.SignatureMismatch() with { Message = "The provided 'x-amz-content-sha256' header does not match what was computed." };
        }

        var canonicalRequest = string.Join('\n',
            request.Method,
            CanonicalUri(request),
            CanonicalQuery(request),
            CanonicalHeaders(request, signedHeaders),
            string.Join(';', signedHeaders),
            bodyHash);
        var stringToSign = string.Join('\n',
            Algorithm,
            amzDate,
            $"{scopeDate}/{region}/{scopeService}/aws4_request",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = SigningKey(secret, scopeDate, region, scopeService);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            caller = null;
            return AwsError.SignatureMismatch();
        }

        var now = timeProvider.GetUtcNow();
        if (signedAt < now - _options.ClockSkew)
        {
            caller = null;
            return AwsError.SignatureMismatch() with
            {
                Message = $"Signature expired: {amzDate} is now earlier than {Format(now - _options.ClockSkew)} ({Format(now)} - {_options.ClockSkew.TotalMinutes:0} min.)",
            };
        }

        if (signedAt > now + _options.ClockSkew)
        {
            caller = null;
            return AwsError.SignatureMismatch() with
            {
                Message = $"Signature not yet current: {amzDate} is still later than {Format(now + _options.ClockSkew)} ({Format(now)} + {_options.ClockSkew.TotalMinutes:0} min.)",
            };
        }

        if (caller?.Session is { } session && session.Expiration <= now)
        {
            caller = null;
            return AwsError.ExpiredToken(expiredTokenCode);
        }

        return null;
    }

    /// <summary>The secret for a key id, or null when the key (or its session token) is not one the sandbox issued.</summary>
    private string? ResolveSecret(string accessKeyId, HttpRequest request, string region, out AwsCaller? caller)
    {
        caller = null;
        if (string.Equals(accessKeyId, _options.PlatformAccessKeyId, StringComparison.Ordinal))
        {
            caller = new AwsCaller(accessKeyId, _options.PlatformAccountId, _options.PlatformPrincipalArn, region, null);
            return _options.PlatformSecretAccessKey;
        }

        if (!accessKeyId.StartsWith("ASIA", StringComparison.Ordinal) || world.FindSession(accessKeyId) is not { } session)
        {
            return null;
        }

        var token = request.Headers["X-Amz-Security-Token"].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(session.SessionToken)))
        {
            return null;
        }

        caller = new AwsCaller(accessKeyId, session.AccountId, session.AssumedRoleArn, region, session);
        return session.SecretAccessKey;
    }

    private static bool TryParseAuthorization(string header, out string credential, out List<string> signedHeaders, out string signature, out string problem)
    {
        credential = signature = problem = string.Empty;
        signedHeaders = [];
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            problem = $"Authorization header requires the '{Algorithm}' algorithm.";
            return false;
        }

        foreach (var part in header[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = [.. value.Split(';')];
                    break;
                case "Signature":
                    signature = value;
                    break;
            }
        }

        var missing = new List<string>();
        if (credential.Length == 0)
        {
            missing.Add("'Credential'");
        }

        if (signedHeaders.Count == 0)
        {
            missing.Add("'SignedHeaders'");
        }

        if (signature.Length == 0)
        {
            missing.Add("'Signature'");
        }

        if (missing.Count > 0)
        {
            problem = $"Authorization header requires {string.Join(", ", missing)} parameter(s). Authorization={header}";
            return false;
        }

        return true;
    }

    private static string CanonicalUri(HttpRequest request)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/'
            ? (request.PathBase + request.Path).ToUriComponent()
            : rawTarget.Split('?', 2)[0];

        var segments = new List<string>();
        foreach (var segment in path.Split('/').Skip(1))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(UriEncode(segment));
        }

        return "/" + string.Join('/', segments);
    }

    private static string CanonicalQuery(HttpRequest request)
    {
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static string CanonicalHeaders(HttpRequest request, List<string> signedHeaders)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var values = request.Headers[name].Select(v => string.Join(' ', (v ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            builder.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding as SigV4 specifies it: unreserved characters stay, everything else is %XX of its UTF-8 bytes.</summary>
    internal static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
}
