using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EmailList.Core.Idempotency;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Mail;

/// <summary>
/// Sends at most once per <c>Idempotency-Key</c>, the key bound to the SHA-256 of the body: a repeat answers the stored
/// result with <c>Idempotent-Replayed: true</c>, a different body 422, a concurrent duplicate 409 with Retry-After.
/// After a 504 the key stays blocked (the mail may have gone); any other failure releases it so a retry may send.
/// </summary>
public sealed class MailIdempotency(IIdempotencyStore store, IOptions<MailOptions> options)
{
    public const string KeyHeader = "Idempotency-Key";

    /// <summary>1-256 printable ASCII characters.</summary>
    public static bool IsValidKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length is > 0 and <= MailLimits.MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~');
    }

    /// <param name="send">Sends with <paramref name="state"/>: a static delegate and its state, so a keyed send allocates no closure.</param>
    public Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> SendOnceAsync<TState>(
        HttpResponse response,
        string tenantId,
        string key,
        byte[] body,
        TState state,
        Func<TState, CancellationToken, Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>>> send,
        CancellationToken cancellationToken) =>
        SendOnceAsync(response, tenantId, key, body, null, SendApiJsonContext.Default.SendMailResponse, state, send, cancellationToken);

    /// <summary>The same for any answer <typeparamref name="TResponse"/> (a batch's), stored as JSON and replayed exactly.</summary>
    /// <param name="variant">Anything besides the body that changes what the request does (a batch's validation mode), bound to the key with it.</param>
    public async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> SendOnceAsync<TState, TResponse>(
        HttpResponse response,
        string tenantId,
        string key,
        byte[] body,
        string? variant,
        JsonTypeInfo<TResponse> responseType,
        TState state,
        Func<TState, CancellationToken, Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>>> send,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(send);
        var settings = options.Value;
        var requestHash = Hash(body, variant);
        var claim = await store.TryClaimAsync(tenantId, key, requestHash, settings.IdempotencyPendingTimeout, cancellationToken);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(JsonSerializer.Deserialize(claim.Response!.Body, responseType)!);
            case IdempotencyClaimStatus.Mismatch:
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This Idempotency-Key was used with a different body in the last 24 hours; use a new key for a new message.");
            case IdempotencyClaimStatus.InProgress:
                return Problems.Create(response, StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly to get its result.", TimeSpan.FromSeconds(1));
        }

        var keep = false;
        try
        {
            var result = await send(state, cancellationToken);
            if (result.Result is Ok<TResponse> ok)
            {
                var stored = new IdempotentResponse(200, JsonSerializer.Serialize(ok.Value!, responseType));
                await store.CompleteAsync(tenantId, key, requestHash, stored, settings.IdempotencyRetention, CancellationToken.None);
                keep = true;
            }
            else if (result.Result is ProblemHttpResult { StatusCode: StatusCodes.Status504GatewayTimeout })
            {
                // The message may have gone out: keep the key blocked rather than let a retry send it twice.
                keep = true;
            }

            return result;
        }
        finally
        {
            if (!keep)
            {
                await store.ReleaseAsync(tenantId, key, CancellationToken.None);
            }
        }
    }

    // Without a variant, the body's hash alone, as keys stored before batches were hashed.
    private static string Hash(byte[] body, string? variant)
    {
        if (variant is null)
        {
            return Convert.ToHexString(SHA256.HashData(body));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(body);
        hash.AppendData("\n"u8);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(variant));
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
