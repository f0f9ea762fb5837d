using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailList.Testing;
using MimeKit;

namespace EmailList.Standalone.Tests;

/// <summary>
/// The newsletter loop of the README against the real binary, only over HTTP as a tenant, a reader and their mail
/// program would drive it: a list, a form sign-up, the confirmation mail read from the sandbox's outbox, its link, a
/// broadcast, a one-click unsubscribe by POST with the header's own URL, and the next broadcast passing the reader by.
/// </summary>
public sealed partial class NewsletterFlowTests(StandaloneProcess host) : IClassFixture<StandaloneProcess>
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Sign_up_confirm_broadcast_one_click_unsubscribe_and_the_next_broadcast_skips_the_reader()
    {
        using var tenant = await host.ClientAsync();
        var created = await tenant.PostAsJsonAsync("/lists", new { name = "Monthly news", from = "news@example.com" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var list = await created.Content.ReadFromJsonAsync<JsonElement>();
        var listId = list.GetProperty("id").GetString()!;
        var signUpUrl = new Uri(list.GetProperty("signUpUrl").GetString()!);
        var reader = $"reader-{Guid.NewGuid():N}@example.net";

        using var browser = new HttpClient();
        var signUp = await browser.PostAsync(signUpUrl, new FormUrlEncodedContent([new("email", reader), new("first_name", "Jane"), new("website", "")]));
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);

        var confirmation = await MailToAsync(reader, m => !m.GetProperty("tags").TryGetProperty("el_broadcast", out _), "the confirmation mail");
        var confirmLink = ConfirmLink().Match(confirmation.GetProperty("textBody").GetString()!);
        Assert.True(confirmLink.Success, confirmation.GetProperty("textBody").GetString());
        var confirmed = await browser.GetAsync(new Uri(confirmLink.Value));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("subscribed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var first = await SendBroadcastAsync(tenant, listId, "Issue 1");
        Assert.Equal(1, first.GetProperty("progress").GetProperty("sent").GetInt32());
        var issue = await MailToAsync(reader, m => IsBroadcast(m, first), "the first broadcast");
        Assert.Equal("Hello Jane", issue.GetProperty("subject").GetString());
        using var raw = new MemoryStream(Encoding.UTF8.GetBytes(issue.GetProperty("raw").GetString()!));
        using var mime = await MimeMessage.LoadAsync(raw);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        var listUnsubscribe = mime.Headers["List-Unsubscribe"] ?? string.Empty;
        var oneClick = HeaderUrl().Match(listUnsubscribe);
        Assert.True(oneClick.Success, listUnsubscribe);

        // What a mailbox provider sends for RFC 8058 one-click: a POST with this body and nothing else.
        var unsubscribed = await browser.PostAsync(new Uri(oneClick.Groups[1].Value),
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);

        var contacts = await tenant.GetFromJsonAsync<JsonElement>($"/contacts?list={listId}&status=unsubscribed");
        Assert.Contains(contacts.GetProperty("items").EnumerateArray(), c => c.ToString().Contains(reader, StringComparison.Ordinal));

        var second = await SendBroadcastAsync(tenant, listId, "Issue 2");
        Assert.Equal(0, second.GetProperty("progress").GetProperty("sent").GetInt32());
        Assert.DoesNotContain(await host.OutboxAsync(), m => IsBroadcast(m, second));
    }

    private static bool IsBroadcast(JsonElement mail, JsonElement broadcast) =>
        mail.GetProperty("tags").TryGetProperty("el_broadcast", out var id) && id.GetString() == broadcast.GetProperty("id").GetString();

    private static async Task<JsonElement> SendBroadcastAsync(HttpClient tenant, string listId, string name)
    {
        var created = await tenant.PostAsJsonAsync("/broadcasts", new { listId, name, subject = "Hello {{first_name}}", text = "News. Leave any time: {{unsubscribe_url}}" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var send = await tenant.PostAsJsonAsync($"/broadcasts/{id}/send", new { });
        Assert.True(send.StatusCode == HttpStatusCode.OK, await send.Content.ReadAsStringAsync());
        return await Eventually.ValueAsync(async () =>
        {
            var read = await tenant.GetFromJsonAsync<JsonElement>($"/broadcasts/{id}");
            return (read.GetProperty("status").GetString() == "sent", read);
        }, $"broadcast {name} sent", timeout: SendTimeout);
    }

    private async Task<JsonElement> MailToAsync(string address, Func<JsonElement, bool> which, string what) =>
        await Eventually.ValueAsync(async () =>
        {
            var mail = (await host.OutboxAsync()).FirstOrDefault(m =>
                m.GetProperty("to").EnumerateArray().Any(t => t.GetString()!.Contains(address, StringComparison.Ordinal)) && which(m));
            return (mail.ValueKind == JsonValueKind.Object, mail);
        }, what, timeout: SendTimeout);

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/confirm/[A-Za-z0-9_\-\.]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"<(https?://[^>]+/unsubscribe/[^>]+)>")]
    private static partial Regex HeaderUrl();
}
