using System.Globalization;
using System.Security.Claims;
using EmailList.Dashboard.Api;
using EmailList.Dashboard.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EmailList.Dashboard.Pages;

public sealed class SignInModel(IOptions<DashboardOptions> options, IServiceProvider services, ILogger<SignInModel> logger) : PageModel
{
    public SignInMode Mode => options.Value.SignIn;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true, Name = "expired")]
    public bool Expired { get; set; }

    [BindProperty]
    public string? Tenant { get; set; }

    public string DefaultTenant => services.GetService<IOptions<LocalSignInOptions>>()?.Value.DefaultTenant ?? "";

    public ApiProblem? Problem { get; private set; }

    public void OnGet() => Tenant ??= DefaultTenant;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        if (Mode == SignInMode.OpenIdConnect)
        {
            return Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, OpenIdConnectDefaults.AuthenticationScheme);
        }

        var tenant = Tenant?.Trim().ToLowerInvariant() ?? "";
        var tokens = services.GetRequiredService<LocalTokenSource>();
        var issued = await tokens.GetTokenAsync(tenant, cancellationToken);
        if (!issued.Succeeded)
        {
            Problem = issued.Problem;
            return Page();
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, tenant), new Claim("tenant", tenant)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties();
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = "access_token", Value = issued.Value!.AccessToken },
            new AuthenticationToken { Name = "expires_at", Value = issued.Value.ExpiresAt.ToString("o", CultureInfo.InvariantCulture) },
        ]);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
        DashboardLog.SignedInLocally(logger, tenant);
        return LocalRedirect(returnUrl!);
    }
}
