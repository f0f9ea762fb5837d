using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmailList.Core.Lists;
using EmailList.SendApi.Tests.EndToEnd;
using EmailList.Testing.Auth;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Lists;

/// <summary>
/// The send API as Program.cs builds it, on Kestrel over its embedded store (a SQLite file) with in-process stand-ins
/// for Redis, and a recording confirmation mailer in place of the lists' real one. STS and SES are never called by
/// these endpoints, so their endpoints point nowhere.
/// </summary>
public sealed class ListsFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emaillist-lists-" + Guid.NewGuid().ToString("N"));

    public TestTokens Tokens { get; } = new();

    public SendApiHost Api { get; private set; } = null!;

    public RecordingConfirmationMailer Mailer => (RecordingConfirmationMailer)Api.Services.GetRequiredService<IConfirmationMailer>();

    public async Task InitializeAsync()
    {
        Api = await SendApiHost.StartAsync(
        [
            .. Tokens.Configuration,
            new("Storage:Provider", "Sqlite"),
            new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_folder, "emaillist.db")}"),
            new("Sts:ServiceUrl", "http://127.0.0.1:9/"),
            new("Sts:Region", "us-east-1"),
            new("Sts:PlatformAccountId", "111111111111"),
            new("Sts:AccessKeyId", "AKIAUNUSEDUNUSEDUNUS"),
            new("Sts:SecretAccessKey", "unused"),
            new("Ses:ServiceUrl", "http://127.0.0.1:9/"),
            new("Lists:PublicBaseUrl", "https://lists.emaillist.test/"),
            new("Lists:TokenKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            new("Imports:PollInterval", "00:00:00.200"),
        ], services => services.AddSingleton<IConfirmationMailer, RecordingConfirmationMailer>());
    }

    public async Task DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    public HttpClient Writer(string tenantId) => Api.CreateClient(Tokens.ForTenant(tenantId, "lists:write"));

    public HttpClient Client(string tenantId, params string[] scopes) => Api.CreateClient(Tokens.ForTenant(tenantId, scopes));

    public static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates a list and answers its id.</summary>
    public static async Task<string> CreateListAsync(HttpClient client, bool doubleOptIn = true, string name = "Newsletter")
    {
        var response = await client.PostAsJsonAsync("/lists", new { name, from = "Acme <news@example.com>", doubleOptIn });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    /// <summary>Adds a contact and answers the response body.</summary>
    public static async Task<JsonElement> AddContactAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/contacts", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ListsGroup : ICollectionFixture<ListsFixture>
{
    public const string Name = "lists";
}
