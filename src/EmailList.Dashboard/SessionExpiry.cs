using EmailList.Dashboard.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EmailList.Dashboard;

/// <summary>A session whose token is gone or refused ends: the user is signed out and sent to sign in again.</summary>
internal static class SessionExpiry
{
    public static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (SessionExpiredException) when (!context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionExpiry));
            DashboardLog.SessionRefused(logger, StatusCodes.Status401Unauthorized);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            var target = "/sign-in?expired=1";
            if (context.Request.Headers.ContainsKey("HX-Request"))
            {
                context.Response.Headers["HX-Redirect"] = target;
                return;
            }

            context.Response.Redirect(target);
        }
    }
}
