using System.Net;
using EmailList.Core.Templates;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

[Collection(SharedSandbox.Name)]
public sealed class EmailTemplateTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Templates_created_over_the_wire_are_listed_by_page_and_read_back_by_our_client()
    {
        // The tenant's own administrator creates templates; the role EmailList uses may only read them.
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        await sandbox.Admin.PutRoleAsync(new SandboxRole(tenant.RoleArn, "ext-1", Permissions: ["ses:*"]));
        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);
        foreach (var name in new[] { "b-welcome", "a-receipt", "c-reset" })
        {
            using var created = await SignedRequests.SendAsync(sandbox.BaseUrl, HttpMethod.Post, "v2/email/templates",
                "{\"TemplateName\":\"" + name + "\",\"TemplateContent\":{\"Subject\":\"Hi {{name}}\",\"Html\":\"<p>" + name + "</p>\",\"Text\":\"text " + name + "\"}}",
                credentials);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using var duplicate = await SignedRequests.SendAsync(sandbox.BaseUrl, HttpMethod.Post, "v2/email/templates",
            """{"TemplateName":"a-receipt","TemplateContent":{"Subject":"x","Text":"x"}}""", credentials);
        var ses = SandboxClients.Ses(sandbox);
        var session = new Core.Ses.SesSession(credentials, SandboxFixture.Region);

        var first = await ses.ListEmailTemplatesAsync(session, null, 2, CancellationToken.None);
        var second = await ses.ListEmailTemplatesAsync(session, first.NextToken, 2, CancellationToken.None);
        var template = await ses.GetEmailTemplateAsync(session, "b-welcome", CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("AlreadyExistsException", duplicate.Headers.GetValues("x-amzn-ErrorType"));
        Assert.Equal(["a-receipt", "b-welcome"], first.Names);
        Assert.Equal(["c-reset"], second.Names);
        Assert.Null(second.NextToken);
        Assert.Equal(new Core.Ses.SesEmailTemplate("b-welcome", "Hi {{name}}", "<p>b-welcome</p>", "text b-welcome"), template);
        Assert.Null(await ses.GetEmailTemplateAsync(session, "missing", CancellationToken.None));
    }

    [Fact]
    public async Task The_import_session_policy_reads_templates_and_nothing_else()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = await SandboxClients.SessionAsync(sandbox, tenant, TemplateImportSessionPolicy.Json);
        var ses = SandboxClients.Ses(sandbox);

        Assert.Empty((await ses.ListEmailTemplatesAsync(session, null, 10, CancellationToken.None)).Names);
        var refused = await Assert.ThrowsAsync<Core.Ses.SesException>(() => ses.GetAccountAsync(session, CancellationToken.None));
        Assert.Equal(Core.Ses.SesErrorKind.AccessDenied, refused.Kind);
    }
}
