using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace EmailList.Testing.Lists;

/// <summary>
/// The steps of the README's newsletter loop as a tenant, a reader and their mail program drive it, over HTTP only: a list, a
/// form sign-up, the confirmation mail read from the sandbox's outbox, a broadcast sent and awaited, and the one-click URL of
/// its List-Unsubscribe header. Shared by the embedded default's tests and the AppHost's, so both walk the same story.
/// </summary>
/// <param name="tenant">A client of the send API carrying the tenant's token.</param>
/// <param name="outbox">What the sandbox's SES accepted (its <c>/_sandbox/outbox</c>).</param>
public sealed partial class NewsletterFlow(HttpClient tenant, Func<Task<IReadOnlyList<JsonElement>>> outbox)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(40);

    /// <summary>Creates a list; returns its id and the public sign-up URL (<c>POST /subscribe/{publicKey}</c>).</summary>
    public async Task<(string Id, Uri SignUpUrl)> CreateListAsync(string name, string from)
    {
        var created = await tenant.PostAsJsonAsync("/lists", new { name, from });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var list = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (list.GetProperty("id").GetString()!, new Uri(list.GetProperty("signUpUrl").GetString()!));
    }

    /// <summary>Signs <paramref name="reader"/> up through the public form as a browser would (honeypot left empty).</summary>
    public static async Task SignUpAsync(HttpClient browser, Uri signUpUrl, string reader, string firstName)
    {
        var signUp = await browser.PostAsync(signUpUrl, new FormUrlEncodedContent([new("email", reader), new("first_name", firstName), new("website", "")]));
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
    }

    /// <summary>Waits for the confirmation mail to <paramref name="reader"/> and follows its link.</summary>
    public async Task ConfirmAsync(HttpClient browser, string reader)
    {
        var confirmation = await MailToAsync(reader, m => !m.GetProperty("tags").TryGetProperty("el_broadcast", out _), "the confirmation mail");
        var text = confirmation.GetProperty("textBody").GetString()!;
        var link = ConfirmLink().Match(text);
        Assert.True(link.Success, text);
        var confirmed = await browser.GetAsync(new Uri(link.Value));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("subscribed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Creates a broadcast to the list, sends it and waits until the dispatcher has sent it; returns the broadcast.</summary>
    public async Task<JsonElement> SendBroadcastAsync(string listId, string name)
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

    /// <summary>Waits for <paramref name="broadcast"/>'s mail to <paramref name="reader"/> in the outbox.</summary>
    public Task<JsonElement> BroadcastMailAsync(string reader, JsonElement broadcast) =>
        MailToAsync(reader, m => IsBroadcast(m, broadcast), $"broadcast {broadcast.GetProperty("id").GetString()} to {reader}");

    /// <summary>Whether the outbox holds any mail of <paramref name="broadcast"/>.</summary>
    public async Task<bool> AnyMailOfAsync(JsonElement broadcast) => (await outbox()).Any(m => IsBroadcast(m, broadcast));

    /// <summary>
    /// The HTTPS-or-HTTP URL of the mail's <c>List-Unsubscribe</c> header, after checking <c>List-Unsubscribe-Post</c> says
    /// one-click (RFC 8058), as a mailbox provider reads them.
    /// </summary>
    public static async Task<Uri> OneClickUnsubscribeUrlAsync(JsonElement mail)
    {
        using var raw = new MemoryStream(Encoding.UTF8.GetBytes(mail.GetProperty("raw").GetString()!));
        using var mime = await MimeMessage.LoadAsync(raw);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        var header = mime.Headers["List-Unsubscribe"] ?? string.Empty;
        var oneClick = HeaderUrl().Match(header);
        Assert.True(oneClick.Success, header);
        return new Uri(oneClick.Groups[1].Value);
    }

    /// <summary>What a mailbox provider sends for RFC 8058 one-click: a POST with this body and nothing else.</summary>
    public static async Task OneClickUnsubscribeAsync(HttpClient browser, Uri url)
    {
        var unsubscribed = await browser.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
    }

    /// <summary>
    /// The reader's whole first issue: a form sign-up as "Jane", the confirmation link, a broadcast sent and its personalized
    /// mail received, then the one-click POST to the URL in its own header; asserts each step and that the reader ends up
    /// unsubscribed.
    /// </summary>
    public async Task SignUpConfirmReceiveAndUnsubscribeAsync(HttpClient browser, string listId, Uri signUpUrl, string reader)
    {
        await SignUpAsync(browser, signUpUrl, reader, "Jane");
        await ConfirmAsync(browser, reader);
        var first = await SendBroadcastAsync(listId, "Issue 1");
        Assert.Equal(1, first.GetProperty("progress").GetProperty("sent").GetInt32());
        var issue = await BroadcastMailAsync(reader, first);
        Assert.Equal("Hello Jane", issue.GetProperty("subject").GetString());
        await OneClickUnsubscribeAsync(browser, await OneClickUnsubscribeUrlAsync(issue));
        Assert.True(await IsUnsubscribedAsync(listId, reader));
    }

    /// <summary>Whether <paramref name="reader"/> is among the list's unsubscribed contacts.</summary>
    public async Task<bool> IsUnsubscribedAsync(string listId, string reader)
    {
        var contacts = await tenant.GetFromJsonAsync<JsonElement>($"/contacts?list={listId}&status=unsubscribed");
        return contacts.GetProperty("items").EnumerateArray().Any(c => c.ToString().Contains(reader, StringComparison.Ordinal));
    }

    private static bool IsBroadcast(JsonElement mail, JsonElement broadcast) =>
        mail.GetProperty("tags").TryGetProperty("el_broadcast", out var id) && id.GetString() == broadcast.GetProperty("id").GetString();

    private async Task<JsonElement> MailToAsync(string address, Func<JsonElement, bool> which, string what) =>
        await Eventually.ValueAsync(async () =>
        {
            var mail = (await outbox()).FirstOrDefault(m =>
                m.GetProperty("to").EnumerateArray().Any(t => t.GetString()!.Contains(address, StringComparison.Ordinal)) && which(m));
            return (mail.ValueKind == JsonValueKind.Object, mail);
        }, what, timeout: SendTimeout);

    [GeneratedRegex(@"https?://[^\s/]+/confirm/[A-Za-z0-9_\-\.]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"<(https?://[^>]+/unsubscribe/[^>]+)>")]
    private static partial Regex HeaderUrl();
}
