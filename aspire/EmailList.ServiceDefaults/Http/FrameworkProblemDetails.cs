using Microsoft.AspNetCore.Http;

namespace EmailList.ServiceDefaults.Http;

/// <summary>
/// A detail for the answers the framework gives without one (routing's 415, status code pages): every 4xx says
/// what was wrong and how to fix it, also when no handler ran.
/// </summary>
public static class FrameworkProblemDetails
{
    public static void AddMissingDetail(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ProblemDetails.Detail is not null)
        {
            return;
        }

        if (context.Exception is BadHttpRequestException bad)
        {
            // Kestrel's messages name the HTTP fault ("Bad chunk size data.") and nothing of ours.
            context.ProblemDetails.Detail = $"The request could not be read: {bad.Message} Send a well-formed HTTP request.";
            return;
        }

        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
        {
            // Routing refuses a body whose type an endpoint's Accepts metadata does not list; ours list JSON only.
            StatusCodes.Status415UnsupportedMediaType =>
                $"This endpoint does not take '{context.HttpContext.Request.ContentType ?? "a body without Content-Type"}': send the body as JSON with 'Content-Type: application/json'.",
            _ => null,
        };
    }
}
