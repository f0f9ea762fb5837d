namespace EmailList.Dashboard;

/// <summary>
/// Headers every page carries: scripts and styles only from the dashboard itself (no inline script, so an injected
/// string cannot run), no framing, no MIME sniffing, no referrer leaving the site.
/// </summary>
internal static class SecurityHeaders
{
    /// <param name="identityProvider">
    /// With OpenID Connect, the provider's origin: the sign-in and sign-out forms post here and are redirected there,
    /// and browsers hold a form's redirects to form-action too.
    /// </param>
    public static Func<HttpContext, RequestDelegate, Task> For(Uri? identityProvider)
    {
        var formTargets = identityProvider is null ? "'self'" : $"'self' {identityProvider.GetLeftPart(UriPartial.Authority)}";
        var policy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            $"frame-ancestors 'none'; form-action {formTargets}; base-uri 'none'; object-src 'none'";
        return (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return next(context);
        };
    }
}
