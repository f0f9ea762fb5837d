using System.Net;
using System.Text;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// The small pages people see from a list's links and form: one heading, a few sentences, at most one button (a form
/// POST). Self-contained (no scripts, fonts or images), every piece of text HTML-encoded, and told not to leak the
/// token in the URL to anyone (no referrer, no caching, no framing).
/// </summary>
public sealed record PublicPage(int Status, string Title, IReadOnlyList<string> Paragraphs, string? ButtonAction = null, string? ButtonLabel = null)
{
    public IResult ToResult(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        SecureHeaders(response);
        return TypedResults.Content(Html(), "text/html; charset=utf-8", Encoding.UTF8, Status);
    }

    /// <summary>The headers every public answer carries; the token is in the URL, so no referrer and no caching.</summary>
    public static void SecureHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    public string Html()
    {
        var html = new StringBuilder(1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(WebUtility.HtmlEncode(Title)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;color:#1a1a1a;background:#fff;margin:0}")
            .Append("main{max-width:34em;margin:3em auto;padding:0 1em}h1{font-size:1.6em;margin:0 0 .6em}")
            .Append("button{font:inherit;padding:.6em 1.4em;border:0;border-radius:.3em;background:#1a56db;color:#fff;cursor:pointer}")
            .Append("button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(WebUtility.HtmlEncode(Title)).Append("</h1>\n");
        foreach (var paragraph in Paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
        }

        if (ButtonAction is not null)
        {
            html.Append("<form method=\"post\" action=\"").Append(WebUtility.HtmlEncode(ButtonAction)).Append("\">\n")
                .Append("<button type=\"submit\">").Append(WebUtility.HtmlEncode(ButtonLabel ?? "Continue")).Append("</button>\n</form>\n");
        }

        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }
}
