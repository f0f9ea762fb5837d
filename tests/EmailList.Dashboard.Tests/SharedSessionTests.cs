using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EmailList.Testing.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace EmailList.Dashboard.Tests;

/// <summary>With Redis configured, sessions and the keys that protect their cookies are shared: any instance serves a signed-in user.</summary>
public sealed partial class SharedSessionTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string SessionCookie = "emaillist-dashboard";

    [Fact]
    public async Task A_session_started_on_one_instance_is_served_by_another_and_ended_on_both_by_signing_out()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var first = await StartDashboardAsync(redis.ConnectionString, key);
        await using var second = await StartDashboardAsync(redis.ConnectionString, key);
        var cookies = new CookieContainer();
        using var onFirst = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Address(first) };
        using var onSecond = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Address(second) };

        var signedIn = await onFirst.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tenant"] = "demo",
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(onFirst),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        var session = cookies.GetCookies(Address(first))[SessionCookie] ?? throw new InvalidOperationException("No session cookie after signing in.");

        var served = await GetWithCookieAsync(onSecond, session);
        Assert.False(IsSentToSignIn(served), $"The second instance sent the session to sign in: {served.StatusCode} {served.Headers.Location}");

        var signedOut = await onFirst.PostAsync("/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(onFirst),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var afterSignOut = await GetWithCookieAsync(onSecond, session);
        Assert.True(IsSentToSignIn(afterSignOut), $"The second instance still serves the ended session: {afterSignOut.StatusCode}");
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, Cookie session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"{session.Name}={session.Value}");
        return await client.SendAsync(request);
    }

    private static bool IsSentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/sign-in", StringComparison.Ordinal) == true;

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/sign-in");
        return AntiforgeryField().Match(page) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The sign-in page has no antiforgery field.");
    }

    private static Uri Address(WebApplication app) => new(app.Urls.First());

    /// <summary>A dashboard instance with local sign-in (minting its own tokens) and sessions in the given Redis; no API behind it is needed to sign in.</summary>
    private static async Task<WebApplication> StartDashboardAsync(string redisConnection, string signingKey)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardExtensions).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:redis"] = redisConnection,
            ["Dashboard:SignIn"] = "Local",
            ["Dashboard:LocalSignIn:SigningKey"] = signingKey,
            ["Dashboard:LocalSignIn:Issuer"] = "shared-session-tests",
            ["Dashboard:LocalSignIn:Audience"] = "emaillist",
            ["Dashboard:QueryApiUrl"] = "http://127.0.0.1:9",
            ["Dashboard:SendApiUrl"] = "http://127.0.0.1:9",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddServiceDefaults();
        builder.AddDashboard();
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDashboard();
        await app.StartAsync();
        return app;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
