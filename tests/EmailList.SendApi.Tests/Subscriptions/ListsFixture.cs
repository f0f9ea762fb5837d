using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Dispatcher;
using EmailList.QueryApi;
using EmailList.Sandbox.Admin;
using EmailList.Testing;
using EmailList.Testing.Auth;
using EmailList.Testing.Hosting;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Subscriptions;

/// <summary>
/// The public side of lists as the embedded default runs it: the send API, the dispatcher and the query API (for
/// onboarding) on one SQLite file, the sandbox in place of STS and SES, all over loopback HTTP. Lists and contacts are
/// written through the stores the send API itself resolves.
/// </summary>
public sealed partial class ListsFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "http://lists.test/";
    private readonly string _directory = Directory.CreateTempSubdirectory("emaillist-lists-").FullName;
    private int _accounts;

    public SandboxFixture Sandbox { get; } = new();
    public TestTokens Tokens { get; } = new();
    public string TokenKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public SendApiHost Api { get; private set; } = null!;
    public ServiceHost Dispatcher { get; private set; } = null!;
    public ServiceHost Onboarding { get; private set; } = null!;

    public IListStore Lists => Api.Services.GetRequiredService<IListStore>();
    public IContactStore Contacts => Api.Services.GetRequiredService<IContactStore>();
    public ListTokenSigner Signer => Api.Services.GetRequiredService<ListTokenSigner>();

    public async Task InitializeAsync()
    {
        await Sandbox.InitializeAsync();
        Api = await StartSendApiAsync();
        Dispatcher = await ServiceHost.StartAsync(typeof(DispatcherExtensions).Assembly.GetName().Name!, b => b.AddDispatcher(), _ => { },
            [.. Configuration(), new("Dispatcher:PollInterval", "00:00:00.050")]);
        Onboarding = await ServiceHost.StartAsync(typeof(QueryApiExtensions).Assembly.GetName().Name!, b => b.AddQueryApi(), a => a.MapQueryApi(),
            [.. Configuration(), new("Query:CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))]);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new ServiceHost?[] { Onboarding, Dispatcher, Api })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        await Sandbox.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite's pool may still hold the file a moment; the OS cleans temp.
        }
    }

    /// <summary>Another send API on this fixture's database and sandbox, with settings of its own on top (tighter limits, say).</summary>
    public Task<SendApiHost> StartSendApiAsync(params KeyValuePair<string, string?>[] settings)
    {
        // Every test comes from 127.0.0.1: the shared instance lets one client sign up as often as the tests need.
        var configuration = new Dictionary<string, string?>(Configuration()) { ["Lists:SignUp:PerClientLimit"] = "10000" };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        return SendApiHost.StartAsync(configuration);
    }

    public IEnumerable<KeyValuePair<string, string?>> Configuration() =>
    [
        .. Tokens.Configuration,
        new("Storage:Provider", "Sqlite"),
        new("Sqlite:ConnectionString", $"Data Source={Path.Combine(_directory, "lists.db")}"),
        .. SandboxAwsConfiguration.For(Sandbox),
        new("Lists:PublicBaseUrl", PublicBaseUrl),
        new("Lists:TokenKey", TokenKey),
    ];

    /// <summary>A tenant onboarded as a real one is (operator creates it, its role trusts us, it pastes the ARN); its SES account verifies example.com.</summary>
    public async Task<(string TenantId, string AccountId)> CreateTenantAsync()
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        var accountId = (444_000_000_000L + Interlocked.Increment(ref _accounts)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var operatorClient = Onboarding.CreateClient(Tokens.ForOperator()))
        {
            var created = await operatorClient.PostAsJsonAsync("/tenants", new { id, name = $"Tenant {id}" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            using var body = await created.Content.ReadFromJsonAsync<JsonDocument>();
            var externalId = body!.RootElement.GetProperty("externalId").GetString()!;
            await Sandbox.Admin.PutAccountAsync(accountId, new SandboxAccountSettings(VerifiedIdentities: ["example.com"]));
            await Sandbox.Admin.PutRoleAsync(new SandboxRole($"arn:aws:iam::{accountId}:role/EmailListSender", externalId));
        }

        using var admin = Onboarding.CreateClient(Tokens.ForTenant(id, "tenant:admin"));
        var role = await admin.PutAsJsonAsync("/tenant/role", new { roleArn = $"arn:aws:iam::{accountId}:role/EmailListSender", region = "us-east-1" });
        Assert.True(role.IsSuccessStatusCode, await role.Content.ReadAsStringAsync());
        return (id, accountId);
    }

    public async Task<MailingList> CreateListAsync(string tenantId, Func<MailingList, MailingList>? change = null)
    {
        var now = DateTimeOffset.UtcNow;
        var list = new MailingList
        {
            TenantId = tenantId,
            Id = RandomId.New(ListIds.List),
            Name = "Weekly news",
            From = "News <news@example.com>",
            PublicKey = RandomId.New(ListIds.PublicKey),
            AllowedOrigins = ["https://www.example.com"],
            CreatedAt = now,
            UpdatedAt = now,
        };
        list = change?.Invoke(list) ?? list;
        await Lists.AddAsync(list, CancellationToken.None);
        return list;
    }

    /// <summary>The mails the sandbox accepted for <paramref name="to"/> from the tenant's account, newest first.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> MailToAsync(string accountId, string to) =>
        [.. (await Sandbox.Admin.GetOutboxAsync(accountId, limit: 1000)).Where(m => m.To.Any(t => t.Contains(to, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits for the dispatcher to send the first confirmation mail to <paramref name="to"/>.</summary>
    public Task<OutboxMessage> ConfirmationMailAsync(string accountId, string to) =>
        Eventually.ValueAsync(async () =>
        {
            var mails = await MailToAsync(accountId, to);
            return (mails.Count > 0, mails.Count > 0 ? mails[^1] : null!);
        }, $"a confirmation mail to {to}", timeout: TimeSpan.FromSeconds(20));

    /// <summary>The path and query of the confirm link in a mail's text, to follow on this fixture's send API.</summary>
    public static string ConfirmPath(OutboxMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var match = ConfirmLink().Match(mail.TextBody ?? string.Empty);
        Assert.True(match.Success, $"No confirm link in: {mail.TextBody}");
        return "/confirm/" + match.Groups[1].Value;
    }

    public static string NewAddress(string label = "reader") => $"{label}-{Guid.NewGuid():N}@example.net";

    [GeneratedRegex(@"http://lists\.test/confirm/([A-Za-z0-9_\-\.]+)")]
    private static partial Regex ConfirmLink();
}

[CollectionDefinition(Name)]
public sealed class ListsGroup : ICollectionFixture<ListsFixture>
{
    public const string Name = "lists public side";
}
