using System.Net;
using System.Text;
using EmailList.Core.Lists;

namespace EmailList.SendApi.Tests.Subscriptions;

[Collection(ListsGroup.Name)]
public sealed class ConfirmLinkTests(ListsFixture fixture)
{
    [Fact]
    public async Task An_expired_link_says_so_and_its_button_sends_a_new_mail_that_confirms()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress("late");
        var subscription = await SignUpTests.PutSubscriptionAsync(fixture, list, email, SubscriptionStatus.Pending);
        await fixture.Contacts.PutSubscriptionAsync(subscription with { ConfirmationNonce = "oldnonce", ConfirmationSentAt = DateTimeOffset.UtcNow.AddDays(-2) }, CancellationToken.None);
        var expired = fixture.Signer.CreateConfirm(tenant, list.Id, subscription.ContactId, "oldnonce", DateTimeOffset.UtcNow.AddHours(-1));
        using var client = fixture.Api.CreateClient();

        var page = await client.GetAsync($"/confirm/{expired}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This link has expired", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/confirm/{expired}/resend\"", html, StringComparison.Ordinal);
        Assert.Equal(SubscriptionStatus.Pending, (await fixture.Contacts.GetSubscriptionAsync(tenant, list.Id, subscription.ContactId, CancellationToken.None))!.Status);

        var resend = await PublicHttp.PostEmptyFormAsync(client, $"/confirm/{expired}/resend");
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        Assert.Contains("Check your inbox", await resend.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = await PublicHttp.PostEmptyFormAsync(client, $"/confirm/{expired}/resend");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var mail = await fixture.ConfirmationMailAsync(account, email);
        var confirm = await client.GetAsync(ListsFixture.ConfirmPath(mail));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(SubscriptionStatus.Subscribed, (await fixture.Contacts.GetSubscriptionAsync(tenant, list.Id, subscription.ContactId, CancellationToken.None))!.Status);
        await Task.Delay(500);
        Assert.Single(await fixture.MailToAsync(account, email)); // the second press was within the confirmation interval
    }

    [Fact]
    public async Task A_forged_a_tampered_or_a_wrong_kind_of_token_gets_the_not_valid_page_and_confirms_nothing()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var subscription = await SignUpTests.PutSubscriptionAsync(fixture, list, ListsFixture.NewAddress("target"), SubscriptionStatus.Pending);
        await fixture.Contacts.PutSubscriptionAsync(subscription with { ConfirmationNonce = "n1" }, CancellationToken.None);
        var genuine = fixture.Signer.CreateConfirm(tenant, list.Id, subscription.ContactId, "n1", DateTimeOffset.UtcNow.AddHours(1));
        var dot = genuine.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(genuine.AsSpan(0, dot)));
        var otherPayload = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace("\nn1\n", "\nn2\n", StringComparison.Ordinal)));
        var tampered = otherPayload + genuine[dot..];
        var badSignature = genuine[..^2] + (genuine[^2] == 'A' ? "BB" : "AA");
        var unsubscribeToken = fixture.Signer.CreateUnsubscribe(tenant, list.Id, subscription.ContactId);
        using var client = fixture.Api.CreateClient();

        foreach (var token in new[] { tampered, badSignature, unsubscribeToken, "garbage", "a.b" })
        {
            var page = await client.GetAsync($"/confirm/{Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("This link is not valid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(SubscriptionStatus.Pending, (await fixture.Contacts.GetSubscriptionAsync(tenant, list.Id, subscription.ContactId, CancellationToken.None))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/confirm/{genuine}")).StatusCode); // the real one still works
    }

    [Fact]
    public async Task A_signed_token_naming_another_tenants_list_or_contact_confirms_nothing()
    {
        var (tenantA, _) = await fixture.CreateTenantAsync();
        var (tenantB, _) = await fixture.CreateTenantAsync();
        var listA = await fixture.CreateListAsync(tenantA);
        var listB = await fixture.CreateListAsync(tenantB);
        var contactB = await SignUpTests.PutSubscriptionAsync(fixture, listB, ListsFixture.NewAddress("b"), SubscriptionStatus.Pending);
        await fixture.Contacts.PutSubscriptionAsync(contactB with { ConfirmationNonce = "nb" }, CancellationToken.None);
        using var client = fixture.Api.CreateClient();

        // Tenant A's id with tenant B's list and contact: as if A's link were edited to reach B.
        var crossList = fixture.Signer.CreateConfirm(tenantA, listB.Id, contactB.ContactId, "nb", DateTimeOffset.UtcNow.AddHours(1));
        var crossContact = fixture.Signer.CreateConfirm(tenantA, listA.Id, contactB.ContactId, "nb", DateTimeOffset.UtcNow.AddHours(1));
        var crossUnsubscribe = fixture.Signer.CreateUnsubscribe(tenantA, listB.Id, contactB.ContactId);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/confirm/{crossList}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/confirm/{crossContact}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/unsubscribe/{crossUnsubscribe}",
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode);
        Assert.Equal(SubscriptionStatus.Pending, (await fixture.Contacts.GetSubscriptionAsync(tenantB, listB.Id, contactB.ContactId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_link_replaced_by_a_newer_confirmation_mail_no_longer_confirms()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var subscription = await SignUpTests.PutSubscriptionAsync(fixture, list, ListsFixture.NewAddress("twice"), SubscriptionStatus.Pending);
        await fixture.Contacts.PutSubscriptionAsync(subscription with { ConfirmationNonce = "newer" }, CancellationToken.None);
        var older = fixture.Signer.CreateConfirm(tenant, list.Id, subscription.ContactId, "older", DateTimeOffset.UtcNow.AddHours(1));
        using var client = fixture.Api.CreateClient();

        var page = await client.GetAsync($"/confirm/{older}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(SubscriptionStatus.Pending, (await fixture.Contacts.GetSubscriptionAsync(tenant, list.Id, subscription.ContactId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Page_text_from_the_tenant_is_html_encoded()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant, l => l with { Name = "<script>alert(1)</script> & co" });
        var subscription = await SignUpTests.PutSubscriptionAsync(fixture, list, ListsFixture.NewAddress("xss"), SubscriptionStatus.Pending);
        await fixture.Contacts.PutSubscriptionAsync(subscription with { ConfirmationNonce = "n" }, CancellationToken.None);
        using var client = fixture.Api.CreateClient();

        var html = await client.GetStringAsync($"/confirm/{fixture.Signer.CreateConfirm(tenant, list.Id, subscription.ContactId, "n", DateTimeOffset.UtcNow.AddHours(1))}");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", html, StringComparison.Ordinal);
    }
}
