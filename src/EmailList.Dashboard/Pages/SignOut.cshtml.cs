using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EmailList.Dashboard.Pages;

/// <summary>POST only: ends the server-side session (and, with OpenID Connect, the provider's).</summary>
public sealed class SignOutModel(IOptions<DashboardOptions> options) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public IActionResult OnPost() => options.Value.SignIn == SignInMode.OpenIdConnect
        ? SignOut(new AuthenticationProperties { RedirectUri = "/sign-in" }, CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme)
        : SignOut(new AuthenticationProperties { RedirectUri = "/sign-in" }, CookieAuthenticationDefaults.AuthenticationScheme);
}
