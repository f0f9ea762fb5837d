using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EmailList.ServiceDefaults.Http;

/// <summary>
/// For endpoints that read a JSON body themselves (to bound its size): anything but JSON is answered 415 as a
/// ProblemDetails before the handler runs, and OpenAPI shows the body as application/json. The Accepts metadata makes
/// routing refuse other media types (its 415 gets a detail from <see cref="FrameworkProblemDetails"/>); the filter
/// refuses whatever reaches the endpoint all the same, a body without Content-Type included.
/// </summary>
public static class JsonBodyEndpoints
{
    public static RouteHandlerBuilder AcceptsJsonOnly<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .Accepts<TRequest>("application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddEndpointFilter(static (context, next) => IsJson(context.HttpContext.Request.ContentType)
                ? next(context)
                : ValueTask.FromResult<object?>(Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    "Send the body as JSON with 'Content-Type: application/json'.")));
    }

    /// <summary>application/json, or any application/*+json, with or without parameters such as charset.</summary>
    public static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
