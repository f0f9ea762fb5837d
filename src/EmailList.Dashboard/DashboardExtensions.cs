using EmailList.Dashboard.Api;
using EmailList.Dashboard.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using StackExchange.Redis;

namespace EmailList.Dashboard;

/// <summary>
/// The tenant dashboard: server-rendered pages (Razor Pages, htmx) in front of the query and send APIs, which it calls
/// with the signed-in user's token kept in a server-side session.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>The folder, beside the assemblies, that holds the dashboard's static files (see the project file).</summary>
    public const string StaticFilesFolder = "dashboard-wwwroot";

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(DashboardOptions.SectionName).Get<DashboardOptions>() ?? new DashboardOptions();

        services.AddHttpContextAccessor();
        AddSessionStorage(builder);
        services.AddSingleton<DistributedTicketStore>();
        services.AddTransient<BearerTokenHandler>();
        services.AddHttpClient<QueryApiClient>(http => http.BaseAddress = new Uri(settings.QueryApiUrl))
            .AddHttpMessageHandler<BearerTokenHandler>();
        services.AddHttpClient<SendApiClient>(http => http.BaseAddress = new Uri(settings.SendApiUrl))
            .AddHttpMessageHandler<BearerTokenHandler>();
        services.AddHttpClient<LocalTokenSource>(http => http.BaseAddress = new Uri(settings.SendApiUrl));

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                if (settings.SignIn == SignInMode.OpenIdConnect)
                {
                    options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                }
            })
            .AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<DistributedTicketStore, IOptions<DashboardOptions>>((cookie, store, options) =>
            {
                cookie.Cookie.Name = "emaillist-dashboard";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SessionStore = store;
                cookie.ExpireTimeSpan = options.Value.SessionIdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/sign-in";
                cookie.AccessDeniedPath = "/sign-in";
                cookie.Events.OnRedirectToLogin = HtmxAwareRedirect;
            });

        if (settings.SignIn == SignInMode.OpenIdConnect)
        {
            services.AddOptions<OpenIdConnectSettings>().BindConfiguration(OpenIdConnectSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
            authentication.AddOpenIdConnect();
            services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
                .Configure<IOptions<OpenIdConnectSettings>>((oidc, provider) => ConfigureOpenIdConnect(oidc, provider.Value));
        }
        else
        {
            services.AddOptions<LocalSignInOptions>().BindConfiguration(LocalSignInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        }

        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.HeaderName = "RequestVerificationToken";
            options.Cookie.Name = "emaillist-dashboard-antiforgery";
        });
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToPage("/SignIn");
        });
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Read from configuration, not options: an invalid setting is reported by options validation at start, not here.
        var settings = app.Configuration.GetSection(DashboardOptions.SectionName).Get<DashboardOptions>() ?? new DashboardOptions();
        var authority = app.Configuration[$"{OpenIdConnectSettings.SectionName}:{nameof(OpenIdConnectSettings.Authority)}"];
        app.Use(SecurityHeaders.For(settings.SignIn == SignInMode.OpenIdConnect && Uri.TryCreate(authority, UriKind.Absolute, out var provider) ? provider : null));
        app.Use(SessionExpiry.HandleAsync);
        var files = Path.Combine(AppContext.BaseDirectory, StaticFilesFolder);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(files) });
        app.MapRazorPages();
        return app;
    }

    /// <summary>
    /// Sessions (tickets with the user's tokens) and the Data Protection keys that encrypt the cookies: in Redis when
    /// configured (ConnectionStrings:redis, as the other services find it), so any instance serves any signed-in user;
    /// otherwise in this process.
    /// </summary>
    private static void AddSessionStorage(WebApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("redis") ?? builder.Configuration["Redis:ConnectionString"];
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("EmailList.Dashboard");
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddDistributedMemoryCache();
            return;
        }

        builder.Services.AddStackExchangeRedisCache(cache =>
        {
            cache.Configuration = redis;
            cache.InstanceName = "emaillist:";
        });
        // Connected on first use, not at start-up, so a Redis that is briefly away does not stop the dashboard starting.
        var connection = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(redis));
        dataProtection.PersistKeysToStackExchangeRedis(() => connection.Value.GetDatabase(), "emaillist:dashboard:data-protection-keys");
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions oidc, OpenIdConnectSettings provider)
    {
        oidc.Authority = provider.Authority;
        oidc.ClientId = provider.ClientId;
        oidc.ClientSecret = provider.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;
        oidc.RequireHttpsMetadata = provider.RequireHttpsMetadata;
        // The access token and refresh token stay in the server-side session (DistributedTicketStore), never in the browser.
        oidc.SaveTokens = true;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.MapInboundClaims = false;
        oidc.TokenValidationParameters.NameClaimType = provider.TenantClaim;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        oidc.Scope.Add("profile");
        foreach (var scope in provider.Scopes)
        {
            oidc.Scope.Add(scope);
        }
    }

    private static Task HtmxAwareRedirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.Request.Headers.ContainsKey("HX-Request"))
        {
            // A fragment request must not swap the sign-in page into part of a page: htmx follows HX-Redirect instead.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Headers["HX-Redirect"] = "/sign-in";
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
