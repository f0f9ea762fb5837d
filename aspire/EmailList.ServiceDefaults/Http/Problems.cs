using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.ServiceDefaults.Http;

/// <summary>ProblemDetails answers; each says what went wrong and, where the caller can, how to fix it.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    public static ProblemHttpResult Create(HttpResponse response, int status, string title, string detail, TimeSpan retryAfter)
    {
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(status, title, detail);
    }

    public static ProblemHttpResult UnknownTenant(string tenantId) =>
        Create(StatusCodes.Status404NotFound, "Unknown tenant", $"The token names tenant '{tenantId}', which does not exist.");
}
