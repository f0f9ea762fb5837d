using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Sqlite;
using EmailList.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.Standalone.Tests;

/// <summary>The public side of lists in the real binary: its links point at its own send API, its dispatcher sends the confirmation.</summary>
public sealed partial class ListSignUpFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    [Fact]
    public async Task A_form_sign_up_is_confirmed_by_the_link_in_the_mail_the_embedded_dispatcher_sends()
    {
        var list = await CreateListAsync();
        var email = $"reader-{Guid.NewGuid():N}@example.net";
        using var client = new HttpClient { BaseAddress = host.SendApiUrl };

        var signUp = await client.PostAsync($"/subscribe/{list.PublicKey}", new FormUrlEncodedContent([new("email", email), new("first_name", "Jane")]));

        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        Assert.Contains("Check your inbox", await signUp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "list-token.key")));
        var text = await Eventually.ValueAsync(async () =>
        {
            using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
            var mail = (await sandbox.GetFromJsonAsync<JsonElement>("/_sandbox/outbox?limit=1000")).EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetString()!.Contains(email, StringComparison.Ordinal)));
            return (mail.ValueKind == JsonValueKind.Object, mail.ValueKind == JsonValueKind.Object ? mail.GetProperty("textBody").GetString() : null);
        }, $"the confirmation mail to {email}", timeout: TimeSpan.FromSeconds(20));

        var link = ConfirmLink().Match(text!);
        Assert.True(link.Success, text);
        Assert.StartsWith(host.SendApiUrl.AbsoluteUri.TrimEnd('/') + "/confirm/", link.Value, StringComparison.Ordinal);
        var confirm = await client.GetAsync(new Uri(link.Value));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("You&#39;re subscribed", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Writes a list of the demo tenant straight into the binary's SQLite file.</summary>
    private async Task<MailingList> CreateListAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sqlite:ConnectionString"] = $"Data Source={Path.Combine(host.DataDirectory, "emaillist.db")}",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSqliteStores().BuildServiceProvider();
        var now = DateTimeOffset.UtcNow;
        var list = new MailingList
        {
            TenantId = "demo",
            Id = RandomId.New(ListIds.List),
            Name = "Standalone news",
            From = "news@example.com",
            PublicKey = RandomId.New(ListIds.PublicKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await services.GetRequiredService<IListStore>().AddAsync(list, CancellationToken.None);
        return list;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/confirm/[A-Za-z0-9_\-\.]+")]
    private static partial Regex ConfirmLink();
}
