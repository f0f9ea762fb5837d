using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using EmailList.Core.Tenants;
using EmailList.QueryApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EmailList.Bench.Events;

/// <summary>GET /events over HTTP: the query API on Kestrel over the loaded SQLite file, called with a JWT, as a dashboard would.</summary>
public static class QueryApiFirstPage
{
    private const string Issuer = "https://idp.bench.local/";

    public static async Task MeasureAsync(string databasePath, string tenantId, int calls)
    {
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(QueryApiExtensions).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Urls"] = "http://127.0.0.1:0",
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = "emaillist",
            ["Auth:SigningKeys:0"] = signingKey,
            ["Storage:Provider"] = "Sqlite",
            ["Sqlite:ConnectionString"] = $"Data Source={databasePath}",
            ["Query:CursorKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        builder.AddServiceDefaults();
        builder.AddQueryApi();
        await using var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        app.MapQueryApi();
        await app.StartAsync();

        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<ITenantStore>().TryCreateAsync(
            new Tenant { Id = tenantId, Name = "Bench", ExternalId = ExternalIdGenerator.Create(), CreatedAt = now, UpdatedAt = now }, CancellationToken.None);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(signingKey, tenantId));

        Console.WriteLine("GET /events first page over HTTP (limit 50), tenant-big | calls | p50 ms | p90 ms | p99 ms | max ms");
        await TimeAsync(client, "no filter", "/events?limit=50", calls);
        await TimeAsync(client, "type=Bounce", "/events?limit=50&type=Bounce", calls);
        await TimeAsync(client, "type=Bounce,Complaint", "/events?limit=50&type=Bounce,Complaint", calls);
        await TimeAsync(client, "tag=campaign:campaign-3", "/events?limit=50&tag=campaign:campaign-3", calls);
        await app.StopAsync();
    }

    private static async Task TimeAsync(HttpClient client, string name, string path, int calls)
    {
        for (var i = 0; i < 50; i++)
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }

        var latencies = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }

        Array.Sort(latencies);
        double At(double q) => latencies[Math.Min(calls - 1, (int)Math.Ceiling(q * calls) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-52} | {calls,5} | {At(0.5),6:F2} | {At(0.9),6:F2} | {At(0.99),6:F2} | {latencies[^1],6:F2}"));
    }

    private static string Token(string signingKey, string tenantId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "emaillist",
        Subject = new ClaimsIdentity([new Claim("sub", "bench"), new Claim("tenant_id", tenantId), new Claim("scope", "events:read")]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(signingKey)), SecurityAlgorithms.HmacSha256),
    });
}
