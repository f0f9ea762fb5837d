using EmailList.Sandbox.Admin;
using System.Net;
using System.Text;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed class SendMailTests(SendPathFixture fixture)
{
    [Fact]
    public async Task A_mail_with_attachments_goes_out_through_the_tenants_own_SES_account()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 pretend invoice");

        var response = await client.PostMailAsync(new
        {
            from = "Acme Billing <billing@example.com>",
            to = new[] { "Jane Doe <success@simulator.amazonses.com>" },
            cc = new[] { "ooto@simulator.amazonses.com" },
            bcc = new[] { "archive@example.com" },
            replyTo = new[] { "help@example.com" },
            subject = "Your invoice",
            html = "<p>Attached.</p>",
            text = "Attached.",
            headers = new Dictionary<string, string> { ["X-Campaign-Id"] = "nov" },
            tags = new Dictionary<string, string> { ["campaign"] = "invoices" },
            attachments = new[]
            {
                new { filename = "invoice.pdf", contentType = "application/pdf", content = Convert.ToBase64String(pdf) },
                new { filename = "notes.txt", contentType = "text/plain", content = Convert.ToBase64String("note"u8.ToArray()) },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        var id = json.GetProperty("id").GetString();
        Assert.Empty(json.GetProperty("suppressed").EnumerateArray());

        var sent = Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.Equal(id, sent.MessageId);
        Assert.Equal(tenant.RoleArn, sent.RoleArn);
        Assert.Equal("Your invoice", sent.Subject);
        Assert.Contains("success@simulator.amazonses.com", sent.To);
        Assert.Contains("archive@example.com", sent.Bcc);
        Assert.Equal(tenant.Id, sent.Tags["el_tenant"]);
        Assert.Equal("invoices", sent.Tags["campaign"]);
        Assert.Contains(sent.Attachments, a => a.FileName == "invoice.pdf" && a.ContentType == "application/pdf" && a.Size == pdf.Length);
        Assert.Contains(sent.Attachments, a => a.FileName == "notes.txt");
        Assert.DoesNotContain("archive@example.com", sent.Raw!, StringComparison.Ordinal);
        Assert.Contains("X-Campaign-Id: nov", sent.Raw!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suppressed_recipients_are_not_sent_and_are_reported()
    {
        var tenant = await fixture.CreateTenantAsync();
        await Suppress(tenant.Id, "Gone@Example.com");
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(new
        {
            from = "news@example.com",
            to = new[] { "success@simulator.amazonses.com", "gone@EXAMPLE.com" },
            subject = "News",
            text = "News.",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal(["gone@example.com"], json.GetProperty("suppressed").EnumerateArray().Select(e => e.GetString()));
        var sent = Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.Equal(["success@simulator.amazonses.com"], sent.To);
    }

    [Fact]
    public async Task International_domains_reach_SES_in_punycode_in_the_envelope_and_the_headers()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(new
        {
            from = "news@example.com",
            to = new[] { "Jane <jane@bücher.example>" },
            cc = new[] { "bob@münchen.example" },
            bcc = new[] { "carol@bücher.example" },
            replyTo = new[] { "help@bücher.example" },
            subject = "Hallo",
            text = "Hallo.",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.Equal(["jane@xn--bcher-kva.example"], sent.To);
        Assert.Equal(["bob@xn--mnchen-3ya.example"], sent.Cc);
        Assert.Equal(["carol@xn--bcher-kva.example"], sent.Bcc);
        Assert.Contains("\r\nTo: Jane <jane@xn--bcher-kva.example>\r\n", sent.Raw!, StringComparison.Ordinal);
        Assert.Contains("\r\nReply-To: help@xn--bcher-kva.example\r\n", sent.Raw!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jane@bücher.example", "jane@xn--bcher-kva.example")]
    [InlineData("jane@xn--bcher-kva.example", "Jane@BÜCHER.example")]
    public async Task A_suppressed_international_address_is_held_back_whichever_form_it_is_written_in(string suppressed, string sentTo)
    {
        var tenant = await fixture.CreateTenantAsync();
        await Suppress(tenant.Id, suppressed);
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(new { from = "news@example.com", to = new[] { "success@simulator.amazonses.com", sentTo }, subject = "x", text = "x" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["jane@xn--bcher-kva.example"], (await response.JsonAsync()).GetProperty("suppressed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["success@simulator.amazonses.com"], Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!)).To);
    }

    [Fact]
    public async Task When_every_recipient_is_suppressed_nothing_is_sent_and_the_answer_is_422()
    {
        var tenant = await fixture.CreateTenantAsync();
        await Suppress(tenant.Id, "a@example.org");
        await Suppress(tenant.Id, "b@example.org");
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(new { from = "news@example.com", to = new[] { "a@example.org" }, bcc = new[] { "B@example.org" }, subject = "x", text = "x" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal(["a@example.org", "b@example.org"], json.GetProperty("suppressed").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_suppression_of_one_tenant_does_not_hold_back_another_tenants_mail()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        await Suppress(a.Id, "shared@example.org");
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(b.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple("shared@example.org"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(b.AccountId!));
    }

    [Fact]
    public async Task Every_message_is_tagged_with_the_tenant_and_its_configuration_set()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
        Assert.Equal(tenant.Id, sent.Tags["el_tenant"]);
        // The configuration set onboarding made in the tenant's account, the one whose events reach our bus.
        var forwarding = await fixture.Sandbox.Admin.GetForwardingAsync(tenant.AccountId!, "us-east-1");
        var configurationSet = Assert.Single(forwarding.ConfigurationSets, set => set.EventDestinations.Any(d => d.Enabled && d.EventBusArn is not null));
        Assert.Equal(configurationSet.Name, sent.ConfigurationSetName);
        Assert.Equal(configurationSet.Name, sent.Tags["el_configuration_set"]);
    }

    [Fact]
    public async Task An_unverified_sender_is_refused_with_SES_s_reason()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(new { from = "someone@not-verified.example", to = new[] { "success@simulator.amazonses.com" }, subject = "x", text = "x" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not verified", await response.ProblemDetailAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_suspended_tenant_is_refused_with_409_and_sends_nothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        var store = fixture.Api.Services.GetRequiredService<ITenantStore>();
        var record = (await store.GetAsync(tenant.Id, CancellationToken.None))!;
        await store.UpdateAsync(record with { Status = TenantStatus.Suspended }, CancellationToken.None);
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("suspended", await response.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task A_paused_SES_account_answers_409()
    {
        var tenant = await fixture.CreateTenantAsync(account => account with { SendingEnabled = false });
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("SendingPaused", await response.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SES_throttling_is_retried_and_the_mail_then_goes_out_once()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId!, "SendEmail", 429, "TooManyRequestsException", 2));
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task SES_throttling_that_never_ends_answers_429_with_Retry_After_and_sends_nothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AccountId!, "SendEmail", 429, "TooManyRequestsException", -1));
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("TooManyRequestsException", await response.ProblemDetailAsync(), StringComparison.Ordinal);
        Assert.Empty(await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!));
    }

    [Fact]
    public async Task The_sandbox_s_own_send_rate_limit_surfaces_as_429_once_retries_are_spent()
    {
        var tenant = await fixture.CreateTenantAsync(account => account with { MaxSendRate = 1 });
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostMailAsync(MailJson.Simple())));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
        var sent = await fixture.Sandbox.Admin.GetOutboxAsync(tenant.AccountId!);
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK), sent.Count);
    }

    [Fact]
    public async Task A_tenant_without_a_verified_role_cannot_send()
    {
        var tenant = await fixture.CreatePendingTenantAsync("t-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = fixture.Api.CreateClient(fixture.Tokens.ForTenant(tenant.Id, "mail:send"));

        var response = await client.PostMailAsync(MailJson.Simple());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("PUT /tenant/role", await response.ProblemDetailAsync(), StringComparison.Ordinal);
    }

    private Task<SuppressionEntry> Suppress(string tenantId, string email) =>
        fixture.Api.Services.GetRequiredService<SuppressionList>().AddAsync(tenantId, email, SuppressionReason.Manual, "test", CancellationToken.None);
}
