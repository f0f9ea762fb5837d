using System.Net;
using EmailList.Core.Lists;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Subscriptions;

[Collection(ListsGroup.Name)]
public sealed class UnsubscribeTests(ListsFixture fixture)
{
    [Fact]
    public async Task Following_the_link_shows_a_page_with_one_button_and_unsubscribes_nothing()
    {
        var (list, subscription, token) = await SubscribedAsync();
        using var client = fixture.Api.CreateClient();

        var page = await client.GetAsync($"/unsubscribe/{token}");
        await client.GetAsync($"/unsubscribe/{token}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Unsubscribe from Weekly news?", html, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"/unsubscribe/{token}\">", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<button"));
        Assert.Equal(SubscriptionStatus.Subscribed, (await StatusAsync(list, subscription)).Status);
    }

    [Fact]
    public async Task A_one_click_post_unsubscribes_at_once_with_a_bare_200()
    {
        var (list, subscription, token) = await SubscribedAsync();
        using var client = fixture.Api.CreateClient();

        var response = await client.PostAsync($"/unsubscribe/{token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var repeat = await client.PostAsync($"/unsubscribe/{token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var after = await StatusAsync(list, subscription);
        Assert.Equal(SubscriptionStatus.Unsubscribed, after.Status);
        Assert.Equal("one-click", after.UnsubscribeReason);
    }

    [Fact]
    public async Task The_pages_button_unsubscribes_and_offers_to_subscribe_again_which_restores_it_with_a_new_consent()
    {
        var (list, subscription, token) = await SubscribedAsync();
        using var client = fixture.Api.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Browser/2");

        var unsubscribed = await PublicHttp.PostEmptyFormAsync(client, $"/unsubscribe/{token}");
        var html = await unsubscribed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Contains("You&#39;re unsubscribed", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/unsubscribe/{token}/resubscribe\"", html, StringComparison.Ordinal);
        var after = await StatusAsync(list, subscription);
        Assert.Equal(SubscriptionStatus.Unsubscribed, after.Status);
        Assert.Equal("page", after.UnsubscribeReason);
        Assert.Contains("Subscribe again", await client.GetStringAsync($"/unsubscribe/{token}"), StringComparison.Ordinal);

        var again = await PublicHttp.PostEmptyFormAsync(client, $"/unsubscribe/{token}/resubscribe");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("subscribed again", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var restored = await StatusAsync(list, subscription);
        Assert.Equal(SubscriptionStatus.Subscribed, restored.Status);
        Assert.Equal(ConsentRoute.Form, restored.Consent.Route);
        Assert.Equal("Browser/2", restored.Consent.UserAgent);
        Assert.Null(restored.UnsubscribedAt);
    }

    [Fact]
    public async Task A_confirm_token_or_a_tampered_token_does_not_unsubscribe()
    {
        var (list, subscription, token) = await SubscribedAsync();
        var confirmToken = fixture.Signer.CreateConfirm(list.TenantId, list.Id, subscription.ContactId, "n", DateTimeOffset.UtcNow.AddHours(1));
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        using var client = fixture.Api.CreateClient();

        foreach (var bad in new[] { confirmToken, tampered })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/unsubscribe/{bad}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PublicHttp.PostEmptyFormAsync(client, $"/unsubscribe/{bad}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/unsubscribe/{bad}")).StatusCode);
        }

        Assert.Equal(SubscriptionStatus.Subscribed, (await StatusAsync(list, subscription)).Status);
    }

    [Fact]
    public async Task The_unsubscribe_headers_name_the_one_click_url_that_unsubscribes_and_the_mailto_when_configured()
    {
        var (list, subscription, _) = await SubscribedAsync();
        var headers = fixture.Api.Services.GetRequiredService<ListUnsubscribeHeaders>().For(list.TenantId, list.Id, subscription.ContactId);
        await using var withMailto = await fixture.StartSendApiAsync(new KeyValuePair<string, string?>("Lists:UnsubscribeMailto", "unsubscribe@example.com"));
        var both = withMailto.Services.GetRequiredService<ListUnsubscribeHeaders>().For(list.TenantId, list.Id, subscription.ContactId);

        var listUnsubscribe = Assert.Single(headers, h => h.Key == "List-Unsubscribe").Value;
        Assert.Matches("^<http://lists\\.test/unsubscribe/[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+>$", listUnsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", Assert.Single(headers, h => h.Key == "List-Unsubscribe-Post").Value);
        Assert.Matches("^<http://lists\\.test/unsubscribe/[^>]+>, <mailto:unsubscribe@example\\.com\\?subject=unsubscribe%20[^>]+>$",
            Assert.Single(both, h => h.Key == "List-Unsubscribe").Value);

        using var client = fixture.Api.CreateClient();
        var path = new Uri(listUnsubscribe.Trim('<', '>')).AbsolutePath;
        var response = await client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await StatusAsync(list, subscription)).Status);
    }

    private async Task<(MailingList List, Subscription Subscription, string Token)> SubscribedAsync()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var subscription = await SignUpTests.PutSubscriptionAsync(fixture, list, ListsFixture.NewAddress("leaving"), SubscriptionStatus.Subscribed);
        return (list, subscription, fixture.Signer.CreateUnsubscribe(tenant, list.Id, subscription.ContactId));
    }

    private async Task<Subscription> StatusAsync(MailingList list, Subscription subscription) =>
        (await fixture.Contacts.GetSubscriptionAsync(list.TenantId, list.Id, subscription.ContactId, CancellationToken.None))!;
}
