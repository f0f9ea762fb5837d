using System.Net;
using System.Text.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;
using MimeKit;

namespace EmailList.Sandbox.Tests;

[Collection(SharedSandbox.Name)]
public sealed class SendEmailTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task A_raw_message_is_accepted_and_recorded_in_the_outbox_as_sent()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);
        var session = new SesSession(credentials, SandboxFixture.Region);
        await SandboxClients.CreateConfigurationSetAsync(sandbox, credentials, "acme-config");
        var message = new MailMessage
        {
            From = MailboxAddress.Parse("Acme <news@example.com>"),
            Subject = "Welcome aboard",
            Text = "plain words",
            Html = "<p>html words</p>",
            Attachments = [new MailAttachment("terms.pdf", "application/pdf", new byte[1234])],
        };
        var raw = MimeComposer.Compose(message, [MailboxAddress.Parse("reader@example.org")], [], DateTimeOffset.UtcNow);
        var email = new OutboundEmail("news@example.com", new SesDestination(["reader@example.org"], [], ["hidden@example.net"]), raw,
            [new("tenant", "acme")], "acme-config");

        var messageId = await SandboxClients.Ses(sandbox).SendEmailAsync(session, email, CancellationToken.None);

        Assert.Matches("^[0-9a-f]{16}-[0-9a-f-]{36}-000000$", messageId);
        var sent = await sandbox.Admin.GetMessageAsync(messageId);
        Assert.NotNull(sent);
        Assert.Equal(tenant.AccountId, sent.AccountId);
        Assert.Equal(tenant.RoleArn, sent.RoleArn);
        Assert.Equal(["reader@example.org"], sent.To);
        Assert.Equal(["hidden@example.net"], sent.Bcc);
        Assert.Equal("Welcome aboard", sent.Subject);
        Assert.Equal("acme-config", sent.ConfigurationSetName);
        Assert.Equal("acme", sent.Tags["tenant"]);
        Assert.Contains("Subject: Welcome aboard", sent.Raw, StringComparison.Ordinal);
        Assert.Contains("plain words", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("html words", sent.HtmlBody, StringComparison.Ordinal);
        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal(("terms.pdf", "application/pdf", 1234L), (attachment.FileName, attachment.ContentType, attachment.Size));
        Assert.Equal("Delivery", sent.SimulatorOutcomes["reader@example.org"]);
        Assert.Empty(sent.Suppressed);
    }

    [Fact]
    public async Task Simple_content_is_accepted_and_its_parts_recorded()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);
        const string body = """
            {"FromEmailAddress":"news@example.com",
             "Destination":{"ToAddresses":["a@example.org"],"CcAddresses":["b@example.org"]},
             "ReplyToAddresses":["help@example.com"],
             "Content":{"Simple":{"Subject":{"Data":"Simple hello"},"Body":{"Text":{"Data":"text part"},"Html":{"Data":"<b>html part</b>"}}}},
             "EmailTags":[{"Name":"campaign","Value":"spring"}]}
            """;

        using var response = await SignedRequests.SendAsync(sandbox.BaseUrl, HttpMethod.Post, "v2/email/outbound-emails", body, credentials);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messageId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MessageId").GetString();
        var sent = await sandbox.Admin.GetMessageAsync(messageId!);
        Assert.NotNull(sent);
        Assert.Equal("Simple hello", sent.Subject);
        Assert.Equal("text part", sent.TextBody);
        Assert.Equal("<b>html part</b>", sent.HtmlBody);
        Assert.Equal(["b@example.org"], sent.Cc);
        Assert.Equal(["help@example.com"], sent.ReplyTo);
        Assert.Equal("spring", sent.Tags["campaign"]);
        Assert.Null(sent.Raw);
    }

    [Theory]
    [InlineData("from", "news@bücher.example", "Domain contains illegal character")]
    [InlineData("to", "jane@bücher.example", "Domain contains illegal character")]
    [InlineData("cc", "Jane <jane@bücher.example>", "Domain contains illegal character")]
    [InlineData("bcc", "jösé@example.org", "Local address contains illegal character")]
    [InlineData("replyTo", "help@bücher.example", "Domain contains illegal character")]
    public async Task An_address_beyond_7_bit_ASCII_is_refused_as_SES_refuses_it(string field, string address, string message)
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", new SandboxAccountSettings(VerifiedIdentities: ["example.com", "bücher.example"]));
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);

        var answer = await AwsAnswer.ReadAsync(await SignedRequests.SendAsync(
            sandbox.BaseUrl, HttpMethod.Post, "v2/email/outbound-emails", SimpleSend(field, address), credentials));

        Assert.Equal((HttpStatusCode.BadRequest, "BadRequestException", message), (answer.Status, answer.ErrorCode, answer.Message));
        Assert.Empty(await sandbox.Admin.GetOutboxAsync(tenant.AccountId));
    }

    [Fact]
    public async Task An_international_domain_in_punycode_is_accepted()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);

        var answer = await AwsAnswer.ReadAsync(await SignedRequests.SendAsync(
            sandbox.BaseUrl, HttpMethod.Post, "v2/email/outbound-emails", SimpleSend("to", "jane@xn--bcher-kva.example"), credentials));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(["jane@xn--bcher-kva.example"], Assert.Single(await sandbox.Admin.GetOutboxAsync(tenant.AccountId)).To);
    }

    private static string SimpleSend(string field, string address) => JsonSerializer.Serialize(new
    {
        FromEmailAddress = field == "from" ? address : "news@example.com",
        Destination = new
        {
            ToAddresses = new[] { field == "to" ? address : "a@example.org" },
            CcAddresses = field == "cc" ? new[] { address } : [],
            BccAddresses = field == "bcc" ? new[] { address } : [],
        },
        ReplyToAddresses = field == "replyTo" ? new[] { address } : [],
        Content = new { Simple = new { Subject = new { Data = "Hi" }, Body = new { Text = new { Data = "Hi" } } } },
    });

    [Fact]
    public async Task An_unverified_sender_is_rejected_as_not_verified()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);

        var error = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(sandbox).SendEmailAsync(session, SandboxClients.Email(from: "someone@unverified.test"), CancellationToken.None));

        Assert.Equal(SesErrorKind.IdentityNotVerified, error.Kind);
        Assert.Equal("MessageRejected", error.ErrorCode);
        Assert.Equal("Email address is not verified. The following identities failed the check in region US-EAST-1: someone@unverified.test", error.Message);
        Assert.Empty(await sandbox.Admin.GetOutboxAsync(tenant.AccountId));
    }

    [Fact]
    public async Task An_account_in_the_ses_sandbox_may_only_send_to_verified_addresses_and_the_simulator()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1",
            new SandboxAccountSettings(ProductionAccessEnabled: false, VerifiedIdentities: ["example.com", "friend@example.org"]));
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var ses = SandboxClients.Ses(sandbox);

        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["friend@example.org", "bounce@simulator.amazonses.com"]), CancellationToken.None);
        var error = await Assert.ThrowsAsync<SesException>(() =>
            ses.SendEmailAsync(session, SandboxClients.Email(to: ["stranger@example.org"]), CancellationToken.None));

        Assert.Equal("MessageRejected", error.ErrorCode);
        Assert.EndsWith(": stranger@example.org", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_paused_and_shut_down_accounts_are_refused_with_their_own_errors()
    {
        var paused = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", new SandboxAccountSettings(SendingEnabled: false));
        var shutDown = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", new SandboxAccountSettings(EnforcementStatus: "SHUTDOWN"));
        var ses = SandboxClients.Ses(sandbox);

        var pausedError = await Assert.ThrowsAsync<SesException>(async () =>
            await ses.SendEmailAsync(await SandboxClients.SessionAsync(sandbox, paused), SandboxClients.Email(), CancellationToken.None));
        var shutDownError = await Assert.ThrowsAsync<SesException>(async () =>
            await ses.SendEmailAsync(await SandboxClients.SessionAsync(sandbox, shutDown), SandboxClients.Email(), CancellationToken.None));

        Assert.Equal((SesErrorKind.SendingPaused, "SendingPausedException"), (pausedError.Kind, pausedError.ErrorCode));
        Assert.Equal((SesErrorKind.AccountSuspended, "AccountSuspendedException"), (shutDownError.Kind, shutDownError.ErrorCode));
    }

    [Fact]
    public async Task Sending_faster_than_the_max_send_rate_is_throttled()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", new SandboxAccountSettings(MaxSendRate: 1));
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var ses = SandboxClients.Ses(sandbox, o => o.MaxThrottleRetries = 0);

        var outcomes = new List<SesException?>();
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await ses.SendEmailAsync(session, SandboxClients.Email(), CancellationToken.None);
                outcomes.Add(null);
            }
            catch (SesException ex)
            {
                outcomes.Add(ex);
            }
        }

        Assert.Null(outcomes[0]);
        var throttled = Assert.IsType<SesException>(outcomes[1]);
        Assert.Equal((SesErrorKind.Throttled, "TooManyRequestsException", "Maximum sending rate exceeded."), (throttled.Kind, throttled.ErrorCode, throttled.Message));
        var stats = await sandbox.Admin.GetStatsAsync();
        Assert.Equal(1, stats.PerAccount[tenant.AccountId].AcceptedEmails);
        Assert.True(stats.PerAccount[tenant.AccountId].ThrottledCalls >= 1);
    }

    [Fact]
    public async Task The_daily_quota_counts_recipients_and_refuses_once_spent()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", new SandboxAccountSettings(Max24HourSend: 3));
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var ses = SandboxClients.Ses(sandbox, o => o.MaxThrottleRetries = 0);

        await ses.SendEmailAsync(session, SandboxClients.Email(to: ["a@example.org", "b@example.org"]), CancellationToken.None);
        var error = await Assert.ThrowsAsync<SesException>(() =>
            ses.SendEmailAsync(session, SandboxClients.Email(to: ["c@example.org", "d@example.org"]), CancellationToken.None));
        var account = await ses.GetAccountAsync(session, CancellationToken.None);

        Assert.Equal((SesErrorKind.QuotaExceeded, "LimitExceededException", "Daily message quota exceeded."), (error.Kind, error.ErrorCode, error.Message));
        Assert.Equal(2, account.SentLast24Hours);
    }

    [Fact]
    public async Task More_than_fifty_recipients_are_rejected()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var recipients = Enumerable.Range(0, 51).Select(i => $"r{i}@example.org").ToList();

        var error = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(sandbox).SendEmailAsync(session, SandboxClients.Email(to: recipients), CancellationToken.None));

        Assert.Equal((SesErrorKind.MessageRejected, "MessageRejected"), (error.Kind, error.ErrorCode));
    }

    [Fact]
    public async Task Simulator_and_suppressed_recipients_are_accepted_and_their_outcomes_recorded()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant);
        var ses = SandboxClients.Ses(sandbox);
        await ses.PutSuppressedDestinationAsync(session, "gone@example.org", "BOUNCE", CancellationToken.None);
        string[] to =
        [
            "success@simulator.amazonses.com", "bounce+x1@simulator.amazonses.com", "complaint@simulator.amazonses.com",
            "ooto@simulator.amazonses.com", "suppressionlist@simulator.amazonses.com", "gone@example.org",
        ];

        var messageId = await ses.SendEmailAsync(session, SandboxClients.Email(to: to), CancellationToken.None);

        var sent = await sandbox.Admin.GetMessageAsync(messageId);
        Assert.NotNull(sent);
        Assert.Equal("Delivery", sent.SimulatorOutcomes["success@simulator.amazonses.com"]);
        Assert.Equal("Bounce", sent.SimulatorOutcomes["bounce+x1@simulator.amazonses.com"]);
        Assert.Equal("Complaint", sent.SimulatorOutcomes["complaint@simulator.amazonses.com"]);
        Assert.Equal("AutoReply", sent.SimulatorOutcomes["ooto@simulator.amazonses.com"]);
        Assert.Equal("SuppressionListBounce", sent.SimulatorOutcomes["suppressionlist@simulator.amazonses.com"]);
        Assert.Equal("SuppressionListBounce", sent.SimulatorOutcomes["gone@example.org"]);
        Assert.Equal(["gone@example.org"], sent.Suppressed);
    }

    [Fact]
    public async Task A_session_policy_without_SendEmail_makes_sending_access_denied()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ses:GetAccount"],"Resource":"*"}]}""";
        var session = await SandboxClients.SessionAsync(sandbox, tenant, policy);
        var ses = SandboxClients.Ses(sandbox);

        var error = await Assert.ThrowsAsync<SesException>(() => ses.SendEmailAsync(session, SandboxClients.Email(), CancellationToken.None));
        var account = await ses.GetAccountAsync(session, CancellationToken.None);

        Assert.Equal((SesErrorKind.AccessDenied, "AccessDeniedException"), (error.Kind, error.ErrorCode));
        Assert.Contains("ses:SendEmail", error.Message, StringComparison.Ordinal);
        Assert.True(account.SendingEnabled);
    }

    [Fact]
    public async Task Our_own_session_policy_allows_everything_our_client_does()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant, SesSessionPolicy.Json);
        var ses = SandboxClients.Ses(sandbox);

        await ses.SendEmailAsync(session, SandboxClients.Email(), CancellationToken.None);
        await ses.PutSuppressedDestinationAsync(session, "x@example.org", "COMPLAINT", CancellationToken.None);
        var page = await ses.ListSuppressedDestinationsAsync(session, null, 10, CancellationToken.None);
        await ses.DeleteSuppressedDestinationAsync(session, "x@example.org", CancellationToken.None);

        Assert.Single(page.Items);
    }
}
