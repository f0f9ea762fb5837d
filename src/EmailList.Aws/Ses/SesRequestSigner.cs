using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

using EmailList.Core.Ses;

namespace EmailList.Aws.Ses;

/// <summary>
/// Signs one request with the tenant's session credentials (SigV4). Per request, not a handler bound to one
/// credential set, because every tenant has its own.
/// </summary>
/// <remarks>
/// Requests whose path needs no escaping and that carry no query (SendEmail, on every POST /mail) are signed
/// here with spans and the framework's SHA-256/HMAC: AWSSDK.Core's signer builds the canonical request out of
/// strings and allocated about 12 KB per send. Every other request goes through AWSSDK.Core's signer, whose
/// output the fast path matches byte for byte (tested).
/// </remarks>
internal static class SesRequestSigner
{
    public const string ServiceName = "ses";

    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string TerminationString = "aws4_request";
    private const string SignedHeadersWithContentType = "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token";
    private const string SignedHeadersWithoutContentType = "host;x-amz-content-sha256;x-amz-date;x-amz-security-token";

    public static async Task SignAsync(
        HttpRequestMessage request, byte[]? body, string? contentType, SesSession session, DateTime signedAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(session);
        if (CanSignDirectly(request.RequestUri!, contentType, session))
        {
            SignDirectly(request, body, contentType, session, signedAtUtc);
            return;
        }

        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri,
            Content = body,
        };
        if (contentType is not null)
        {
            signingRequest.Headers["Content-Type"] = contentType;
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken),
            Region = RegionEndpoint.GetBySystemName(session.Region),
            Service = ServiceName,
            SignPayload = true,
            SignedAt = signedAtUtc,
        };

        var result = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken);
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>A path of unreserved characters only, no query, header values that need no trimming.</summary>
    internal static bool CanSignDirectly(Uri uri, string? contentType, SesSession session)
    {
        if (!uri.IsAbsoluteUri || uri.Query.Length != 0 || uri.AbsolutePath.Length == 0 || uri.AbsolutePath[0] != '/')
        {
            return false;
        }

        foreach (var c in uri.AbsolutePath)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/'))
            {
                return false;
            }
        }

        return !string.IsNullOrEmpty(session.Credentials.SessionToken)
            && IsPlainHeaderValue(session.Credentials.SessionToken)
            && (contentType is null || IsPlainHeaderValue(contentType));
    }

    private static bool IsPlainHeaderValue(string value)
    {
        foreach (var c in value)
        {
            if (c is <= ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static void SignDirectly(HttpRequestMessage request, ReadOnlySpan<byte> body, string? contentType, SesSession session, DateTime signedAtUtc)
    {
        var credentials = session.Credentials;
        var uri = request.RequestUri!;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        var payloadHash = Convert.ToHexStringLower(hash);
        var amzDate = signedAtUtc.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate.AsSpan(0, 8);
        var signedHeaders = contentType is null ? SignedHeadersWithoutContentType : SignedHeadersWithContentType;

        var canonical = new ByteWriter(stackalloc byte[1024]);
        try
        {
            canonical.Append(request.Method.Method);
            canonical.Append('\n');
            canonical.Append(uri.AbsolutePath);
            canonical.Append("\n\n");
            if (contentType is not null)
            {
                canonical.Append("content-type:");
                canonical.Append(contentType);
                canonical.Append('\n');
            }

            canonical.Append("host:");
            canonical.Append(uri.Authority);
            canonical.Append("\nx-amz-content-sha256:");
            canonical.Append(payloadHash);
            canonical.Append("\nx-amz-date:");
            canonical.Append(amzDate);
            canonical.Append("\nx-amz-security-token:");
            canonical.Append(credentials.SessionToken);
            canonical.Append("\n\n");
            canonical.Append(signedHeaders);
            canonical.Append('\n');
            canonical.Append(payloadHash);
            SHA256.HashData(canonical.Written, hash);
        }
        finally
        {
            canonical.Dispose();
        }

        var stringToSign = new ByteWriter(stackalloc byte[256]);
        try
        {
            stringToSign.Append(Algorithm);
            stringToSign.Append('\n');
            stringToSign.Append(amzDate);
            stringToSign.Append('\n');
            stringToSign.Append(date);
            stringToSign.Append('/');
            stringToSign.Append(session.Region);
            stringToSign.Append("/" + ServiceName + "/" + TerminationString + "\n");
            Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
            Convert.TryToHexStringLower(hash, hex, out _);
            stringToSign.Append(hex);

            Span<byte> key = stackalloc byte[HMACSHA256.HashSizeInBytes];
            DeriveSigningKey(credentials.SecretAccessKey, date, session.Region, key);
            HMACSHA256.HashData(key, stringToSign.Written, hash);
            CryptographicOperations.ZeroMemory(key);
            Convert.TryToHexStringLower(hash, hex, out _);

            var authorization = string.Create(CultureInfo.InvariantCulture, stackalloc char[512],
                $"{Algorithm} Credential={credentials.AccessKeyId}/{date}/{session.Region}/{ServiceName}/{TerminationString}, SignedHeaders={signedHeaders}, Signature={(ReadOnlySpan<char>)hex}");

            // The names and order AWSSDK.Core's signer uses.
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
            request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
            request.Headers.TryAddWithoutValidation("x-amz-security-token", credentials.SessionToken);
        }
        finally
        {
            stringToSign.Dispose();
        }
    }

    private static void DeriveSigningKey(string secretAccessKey, ReadOnlySpan<char> date, string region, Span<byte> key)
    {
        var secret = new ByteWriter(stackalloc byte[128]);
        var text = new ByteWriter(stackalloc byte[64]);
        try
        {
            secret.Append("AWS4");
            secret.Append(secretAccessKey);
            text.Append(date);
            HMACSHA256.HashData(secret.Written, text.Written, key);
            CryptographicOperations.ZeroMemory(secret.Buffer);

            text.Clear();
            text.Append(region);
            HMACSHA256.HashData(key, text.Written, key);
            text.Clear();
            text.Append(ServiceName);
            HMACSHA256.HashData(key, text.Written, key);
            text.Clear();
            text.Append(TerminationString);
            HMACSHA256.HashData(key, text.Written, key);
        }
        finally
        {
            secret.Dispose();
            text.Dispose();
        }
    }

    /// <summary>UTF-8 text into a stack buffer, moving to a pooled array when it does not fit.</summary>
    private ref struct ByteWriter(Span<byte> initial)
    {
        private Span<byte> _buffer = initial;
        private byte[]? _rented;
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

        public readonly Span<byte> Buffer => _buffer;

        public void Clear() => _length = 0;

        /// <summary>ASCII only.</summary>
        public void Append(char c)
        {
            Ensure(1);
            _buffer[_length++] = (byte)c;
        }

        public void Append(string text) => Append(text.AsSpan());

        public void Append(scoped ReadOnlySpan<char> text)
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
            _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);
        }

        public void Append(scoped ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer[_length..]);
            _length += bytes.Length;
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                CryptographicOperations.ZeroMemory(_rented);
                ArrayPool<byte>.Shared.Return(_rented);
                _rented = null;
            }
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer[.._length].CopyTo(larger);
            Dispose();
            _rented = larger;
            _buffer = larger;
        }
    }
}
