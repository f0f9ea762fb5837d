using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Suppression;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.Subscriptions;

[Collection(ListsGroup.Name)]
public sealed class SignUpTests(ListsFixture fixture)
{
    [Fact]
    public async Task A_sign_up_sends_a_confirmation_mail_whose_link_confirms_the_subscription()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress();
        using var client = fixture.Api.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("SignUpTest/1.0");

        var response = await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email, first_name = "Jane" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pending = await SubscriptionAsync(tenant, list.Id, email);
        Assert.Equal(SubscriptionStatus.Pending, pending.Status);
        Assert.Equal(ConsentRoute.Form, pending.Consent.Route);
        Assert.Equal("127.0.0.1", pending.Consent.Ip);
        Assert.Equal("SignUpTest/1.0", pending.Consent.UserAgent);
        Assert.NotNull(pending.ConfirmationNonce);

        var mail = await fixture.ConfirmationMailAsync(account, email);
        Assert.Equal("Confirm your subscription to Weekly news", mail.Subject);
        Assert.Equal(list.Id, mail.Tags[MessageTags.List]);
        Assert.Equal(pending.ContactId, mail.Tags[MessageTags.Contact]);
        Assert.Contains("news@example.com", mail.From, StringComparison.Ordinal);
        Assert.Contains("http://lists.test/confirm/", mail.HtmlBody, StringComparison.Ordinal);

        var confirm = await client.GetAsync(ListsFixture.ConfirmPath(mail));
        var page = await confirm.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.StartsWith("text/html", confirm.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("You&#39;re subscribed", page, StringComparison.Ordinal);
        Assert.Equal("no-referrer", confirm.Headers.GetValues("Referrer-Policy").Single());
        var confirmed = await SubscriptionAsync(tenant, list.Id, email);
        Assert.Equal(SubscriptionStatus.Subscribed, confirmed.Status);
        Assert.NotNull(confirmed.ConfirmedAt);
        var contact = await fixture.Contacts.FindByEmailAsync(tenant, email, CancellationToken.None);
        Assert.Equal("Jane", JsonDocument.Parse(contact!.Attributes).RootElement.GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task A_second_click_on_the_confirm_link_says_already_confirmed()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress();
        using var client = fixture.Api.CreateClient();
        await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email });
        var path = ListsFixture.ConfirmPath(await fixture.ConfirmationMailAsync(account, email));

        var first = await client.GetStringAsync(path);
        var second = await client.GetAsync(path);

        Assert.Contains("You&#39;re subscribed", first, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already subscribed", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_answer_is_the_same_for_a_new_a_pending_a_subscribed_an_unsubscribed_and_a_suppressed_address()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        using var client = fixture.Api.CreateClient();
        var pending = ListsFixture.NewAddress("pending");
        var subscribed = ListsFixture.NewAddress("subscribed");
        var unsubscribed = ListsFixture.NewAddress("unsubscribed");
        var suppressed = ListsFixture.NewAddress("suppressed");
        await PutSubscriptionAsync(list, pending, SubscriptionStatus.Pending);
        await PutSubscriptionAsync(list, subscribed, SubscriptionStatus.Subscribed);
        await PutSubscriptionAsync(list, unsubscribed, SubscriptionStatus.Unsubscribed);
        await fixture.Api.Services.GetRequiredService<SuppressionList>().AddAsync(tenant, suppressed, SuppressionReason.Bounce, "test", CancellationToken.None);

        var answers = new List<(HttpStatusCode Json, string JsonBody, HttpStatusCode Form, string FormBody)>();
        foreach (var email in new[] { ListsFixture.NewAddress("new"), pending, subscribed, unsubscribed, suppressed })
        {
            var json = await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email });
            var form = await PublicHttp.PostFormAsync(client, list.PublicKey, [new("email", email)]);
            answers.Add((json.StatusCode, await json.Content.ReadAsStringAsync(), form.StatusCode, await form.Content.ReadAsStringAsync()));
        }

        var answer = Assert.Single(answers.Distinct());
        Assert.Equal(HttpStatusCode.Accepted, answer.Json);
        Assert.Equal(HttpStatusCode.OK, answer.Form);
    }

    [Fact]
    public async Task A_suppressed_address_is_left_as_it_is_and_gets_no_mail()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress("bounced");
        await fixture.Api.Services.GetRequiredService<SuppressionList>().AddAsync(tenant, email, SuppressionReason.Bounce, "test", CancellationToken.None);
        var control = ListsFixture.NewAddress("control");
        using var client = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email = control })).StatusCode);

        await fixture.ConfirmationMailAsync(account, control); // the dispatcher has run past the suppressed sign-up
        Assert.Empty(await fixture.MailToAsync(account, email));
        Assert.Null(await fixture.Contacts.FindByEmailAsync(tenant, email, CancellationToken.None));
    }

    [Fact]
    public async Task A_filled_honeypot_is_answered_as_a_success_and_changes_nothing()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var bot = ListsFixture.NewAddress("bot");
        var person = ListsFixture.NewAddress("person");
        using var client = fixture.Api.CreateClient();

        var trapped = await PublicHttp.PostFormAsync(client, list.PublicKey, [new("email", bot), new("website", "http://spam.example")]);
        var real = await PublicHttp.PostFormAsync(client, list.PublicKey, [new("email", person), new("website", "")]);

        Assert.Equal(real.StatusCode, trapped.StatusCode);
        Assert.Equal(await real.Content.ReadAsStringAsync(), await trapped.Content.ReadAsStringAsync());
        Assert.Null(await fixture.Contacts.FindByEmailAsync(tenant, bot, CancellationToken.None));
        Assert.NotNull(await fixture.Contacts.FindByEmailAsync(tenant, person, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_public_key_is_not_found()
    {
        using var client = fixture.Api.CreateClient();

        var unknown = await PublicHttp.PostJsonAsync(client, Core.Identifiers.RandomId.New(ListIds.PublicKey), new { email = ListsFixture.NewAddress() });
        var malformed = await PublicHttp.PostJsonAsync(client, "nope", new { email = ListsFixture.NewAddress() });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("public key", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task A_form_post_gets_a_page_or_a_303_to_a_redirect_on_an_allowed_origin_only()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        using var client = PublicHttp.NoRedirects(fixture.Api.BaseAddress);

        var plain = await PublicHttp.PostFormAsync(client, list.PublicKey, [new("email", ListsFixture.NewAddress())]);
        var allowed = await PublicHttp.PostFormAsync(client, list.PublicKey,
            [new("email", ListsFixture.NewAddress()), new("redirect", "https://www.example.com/thanks?from=form")]);
        var elsewhere = await PublicHttp.PostFormAsync(client, list.PublicKey,
            [new("email", ListsFixture.NewAddress()), new("redirect", "https://evil.example/phish")]);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Contains("Check your inbox", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, allowed.StatusCode);
        Assert.Equal(new Uri("https://www.example.com/thanks?from=form"), allowed.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
    }

    [Fact]
    public async Task A_list_without_double_opt_in_subscribes_at_once_and_sends_no_confirmation()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant, l => l with { DoubleOptIn = false });
        var email = ListsFixture.NewAddress("single");
        using var client = fixture.Api.CreateClient();

        var response = await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var subscription = await SubscriptionAsync(tenant, list.Id, email);
        Assert.Equal(SubscriptionStatus.Subscribed, subscription.Status);
        Assert.Equal(ConsentRoute.Form, subscription.Consent.Route);
        await Task.Delay(500);
        Assert.Empty(await fixture.MailToAsync(account, email));
    }

    [Fact]
    public async Task An_unsubscribed_address_that_signs_up_again_is_pending_with_a_new_consent_and_gets_a_mail()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress("returning");
        var old = await PutSubscriptionAsync(list, email, SubscriptionStatus.Unsubscribed);
        using var client = fixture.Api.CreateClient();

        await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email });

        var again = await SubscriptionAsync(tenant, list.Id, email);
        Assert.Equal(SubscriptionStatus.Pending, again.Status);
        Assert.Equal(ConsentRoute.Form, again.Consent.Route);
        Assert.True(again.Consent.At > old.Consent.At);
        await fixture.ConfirmationMailAsync(account, email);
    }

    [Fact]
    public async Task An_existing_contacts_attributes_are_not_changed_by_a_public_sign_up()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress("known");
        await PutSubscriptionAsync(list, email, SubscriptionStatus.Subscribed, """{"first_name":"Real"}""");
        using var client = fixture.Api.CreateClient();

        await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email, first_name = "Mallory" });

        var contact = await fixture.Contacts.FindByEmailAsync(tenant, email, CancellationToken.None);
        Assert.Equal("Real", JsonDocument.Parse(contact!.Attributes).RootElement.GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task An_erased_address_signs_up_as_new_and_confirming_clears_the_erasure()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress("erased");
        var old = await PutSubscriptionAsync(list, email, SubscriptionStatus.Subscribed);
        Assert.True(await fixture.Contacts.EraseAsync(tenant, old.ContactId, DateTimeOffset.UtcNow, CancellationToken.None));
        using var client = fixture.Api.CreateClient();

        await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email });
        Assert.True(await fixture.Contacts.IsErasedAsync(tenant, email, CancellationToken.None));
        var confirm = await client.GetAsync(ListsFixture.ConfirmPath(await fixture.ConfirmationMailAsync(account, email)));

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(SubscriptionStatus.Subscribed, (await SubscriptionAsync(tenant, list.Id, email)).Status);
        Assert.False(await fixture.Contacts.IsErasedAsync(tenant, email, CancellationToken.None));
    }

    [Fact]
    public async Task A_lists_own_confirmation_content_is_rendered_with_the_attributes_the_link_and_the_list_name()
    {
        var (tenant, account) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant, l => l with
        {
            Name = "Garden club",
            Confirmation = new MessageContent { Subject = "{{list_name}}: one click, {{first_name}}", Text = "Confirm here: {{confirm_url}}" },
        });
        var email = ListsFixture.NewAddress("custom");
        using var client = fixture.Api.CreateClient();

        await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email, first_name = "Ann" });

        var mail = await fixture.ConfirmationMailAsync(account, email);
        Assert.Equal("Garden club: one click, Ann", mail.Subject);
        var confirm = await client.GetAsync(ListsFixture.ConfirmPath(mail));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
    }

    [Theory]
    [InlineData("""{"email":"not an address"}""", HttpStatusCode.BadRequest, "email address")]
    [InlineData("""{"first_name":"Jane"}""", HttpStatusCode.BadRequest, "'email'")]
    [InlineData("""{"email":"jane@example.net","bad-name":"x"}""", HttpStatusCode.BadRequest, "attribute name")]
    [InlineData("""{"email":"jane@example.net","nested":{"a":1}}""", HttpStatusCode.BadRequest, "text, a number or true/false")]
    [InlineData("""["jane@example.net"]""", HttpStatusCode.BadRequest, "JSON object")]
    [InlineData("""{"email":""", HttpStatusCode.BadRequest, "not valid JSON")]
    public async Task A_bad_sign_up_is_refused_saying_what_is_wrong(string body, HttpStatusCode status, string detail)
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        using var client = fixture.Api.CreateClient();

        var response = await client.PostAsync($"/subscribe/{list.PublicKey}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_attributes_a_long_value_a_large_body_or_another_media_type_are_refused()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        using var client = fixture.Api.CreateClient();
        var many = Enumerable.Range(0, 21).Select(i => new KeyValuePair<string, string>($"a{i}", "x")).Append(new("email", ListsFixture.NewAddress()));

        var tooMany = await client.PostAsync($"/subscribe/{list.PublicKey}", new FormUrlEncodedContent(many));
        var tooLong = await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email = ListsFixture.NewAddress(), note = new string('x', 501) });
        var tooLarge = await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email = ListsFixture.NewAddress(), note = new string('x', 9000) });
        var text = await client.PostAsync($"/subscribe/{list.PublicKey}", new StringContent("email=jane@example.net"));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 20", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task A_stale_pending_sign_up_is_deleted_by_the_clean_up_and_a_fresh_one_is_kept()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var stale = await PutSubscriptionAsync(list, ListsFixture.NewAddress("stale"), SubscriptionStatus.Pending, createdAt: DateTimeOffset.UtcNow.AddDays(-2));
        var fresh = await PutSubscriptionAsync(list, ListsFixture.NewAddress("fresh"), SubscriptionStatus.Pending);
        var cleanup = fixture.Api.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SendApi.Subscriptions.PendingSignUpCleanup>().Single();

        await cleanup.DeleteStaleAsync(CancellationToken.None);

        Assert.Null(await fixture.Contacts.GetSubscriptionAsync(tenant, list.Id, stale.ContactId, CancellationToken.None));
        Assert.NotNull(await fixture.Contacts.GetSubscriptionAsync(tenant, list.Id, fresh.ContactId, CancellationToken.None));
    }

    [Fact]
    public async Task An_unsubscribed_address_that_signs_up_again_and_never_confirms_is_returned_to_unsubscribed_by_the_clean_up()
    {
        var (tenant, _) = await fixture.CreateTenantAsync();
        var list = await fixture.CreateListAsync(tenant);
        var email = ListsFixture.NewAddress("second-thoughts");
        var old = await PutSubscriptionAsync(list, email, SubscriptionStatus.Unsubscribed, createdAt: DateTimeOffset.UtcNow.AddDays(-40));
        using var client = fixture.Api.CreateClient();
        await PublicHttp.PostJsonAsync(client, list.PublicKey, new { email });
        var pending = await SubscriptionAsync(tenant, list.Id, email);
        Assert.Equal((SubscriptionStatus.Pending, old.UnsubscribedAt), (pending.Status, pending.UnsubscribedAt));
        // Two days pass without a confirmation.
        await fixture.Contacts.PutSubscriptionAsync(pending with { CreatedAt = DateTimeOffset.UtcNow.AddDays(-2) }, CancellationToken.None);
        var cleanup = fixture.Api.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SendApi.Subscriptions.PendingSignUpCleanup>().Single();

        await cleanup.DeleteStaleAsync(CancellationToken.None);

        var after = await SubscriptionAsync(tenant, list.Id, email);
        Assert.Equal((SubscriptionStatus.Unsubscribed, old.UnsubscribedAt, (string?)null), (after.Status, after.UnsubscribedAt, after.ConfirmationNonce));
    }

    private async Task<Subscription> SubscriptionAsync(string tenantId, string listId, string email)
    {
        var contact = await fixture.Contacts.FindByEmailAsync(tenantId, email, CancellationToken.None);
        Assert.NotNull(contact);
        var subscription = await fixture.Contacts.GetSubscriptionAsync(tenantId, listId, contact.Id, CancellationToken.None);
        Assert.NotNull(subscription);
        return subscription;
    }

    internal static async Task<Subscription> PutSubscriptionAsync(
        ListsFixture fixture, MailingList list, string email, SubscriptionStatus status, string attributes = "{}", DateTimeOffset? createdAt = null)
    {
        var at = createdAt ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        var contact = await fixture.Contacts.GetOrAddAsync(new Contact
        {
            TenantId = list.TenantId,
            Id = Core.Identifiers.RandomId.New(ListIds.Contact),
            Email = EmailAddressNormalizer.Normalize(email),
            Attributes = attributes,
            CreatedAt = at,
            UpdatedAt = at,
        }, CancellationToken.None);
        var subscription = new Subscription
        {
            TenantId = list.TenantId,
            ListId = list.Id,
            ContactId = contact.Id,
            Email = contact.Email,
            Status = status,
            Consent = new ConsentRecord(at, ConsentRoute.Api, Statement: "test"),
            ConfirmedAt = status == SubscriptionStatus.Subscribed ? at : null,
            UnsubscribedAt = status == SubscriptionStatus.Unsubscribed ? at : null,
            CreatedAt = at,
            UpdatedAt = at,
        };
        await fixture.Contacts.PutSubscriptionAsync(subscription, CancellationToken.None);
        return subscription;
    }

    private Task<Subscription> PutSubscriptionAsync(MailingList list, string email, SubscriptionStatus status, string attributes = "{}", DateTimeOffset? createdAt = null) =>
        PutSubscriptionAsync(fixture, list, email, status, attributes, createdAt);
}
