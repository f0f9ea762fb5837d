using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EmailList.Dashboard.Tests;

/// <summary>Sign-in is configured at start-up: a dashboard that cannot sign anyone in does not start.</summary>
public sealed class SignInConfigurationTests
{
    [Fact]
    public async Task OpenID_Connect_without_an_authority_and_client_refuses_to_start_and_says_what_to_set()
    {
        await using var app = Build([]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Dashboard:OpenIdConnect:Authority is required", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Dashboard:OpenIdConnect:ClientId is required", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenID_Connect_with_an_authority_and_client_starts()
    {
        await using var app = Build(new()
        {
            ["Dashboard:OpenIdConnect:Authority"] = "https://login.example.com/",
            ["Dashboard:OpenIdConnect:ClientId"] = "dashboard",
            ["Dashboard:OpenIdConnect:ClientSecret"] = "secret",
        });

        await app.StartAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task Local_sign_in_that_mints_tokens_needs_the_issuer_and_audience()
    {
        await using var app = Build(new()
        {
            ["Dashboard:SignIn"] = "Local",
            ["Dashboard:LocalSignIn:SigningKey"] = Convert.ToBase64String(new byte[32]),
        });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("set Issuer and Audience", refused.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardExtensions).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection([new("Urls", "http://127.0.0.1:0")]);
        builder.AddDashboard();
        var app = builder.Build();
        app.MapDashboard();
        return app;
    }
}
