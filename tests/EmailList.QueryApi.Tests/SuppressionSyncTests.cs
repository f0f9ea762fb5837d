using System.Net;
using System.Net.Http.Json;
using EmailList.Core.Suppression;
using EmailList.Sandbox.Admin;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class SuppressionSyncTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task Pull_adds_the_SES_account_level_entries_with_their_reason()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        var session = await fixture.SesSessionAsync(tenant);
        await fixture.Ses.PutSuppressedDestinationAsync(session, "Bounced@Example.com", "BOUNCE", CancellationToken.None);
        await fixture.Ses.PutSuppressedDestinationAsync(session, "complained@example.com", "COMPLAINT", CancellationToken.None);
        await fixture.Ses.PutSuppressedDestinationAsync(session, "both@example.com", "BOUNCE", CancellationToken.None);
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        await client.PutJsonAsync("/suppression-list/both@example.com", new { reason = "MANUAL" });

        using var response = await client.PostAsJsonAsync("/suppression-list/sync", new { direction = "pull" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        var pull = report.GetProperty("pull");
        Assert.Equal(3, pull.GetProperty("seen").GetInt32());
        Assert.Equal(2, pull.GetProperty("added").GetInt32());
        Assert.Equal(1, pull.GetProperty("alreadyPresent").GetInt32());
        Assert.True(pull.GetProperty("complete").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, report.GetProperty("push").ValueKind);

        var bounced = await client.GetJsonAsync("/suppression-list/bounced@example.com");
        Assert.Equal("BOUNCE", bounced.GetProperty("reason").GetString());
        Assert.Equal("ses-sync", bounced.GetProperty("source").GetString());
        Assert.Equal("COMPLAINT", (await client.GetJsonAsync("/suppression-list/complained@example.com")).GetProperty("reason").GetString());
        Assert.Equal("MANUAL", (await client.GetJsonAsync("/suppression-list/both@example.com")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Push_puts_bounces_and_complaints_into_SES_and_says_why_the_others_stay_here()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        await client.PutJsonAsync("/suppression-list/b@example.com", new { reason = "BOUNCE" });
        await client.PutJsonAsync("/suppression-list/c@example.com", new { reason = "COMPLAINT" });
        await client.PutJsonAsync("/suppression-list/m@example.com", new { reason = "MANUAL" });
        await client.PutJsonAsync("/suppression-list/u@example.com", new { reason = "UNSUBSCRIBE" });
        await fixture.Ses.PutSuppressedDestinationAsync(await fixture.SesSessionAsync(tenant), "c@example.com", "COMPLAINT", CancellationToken.None);

        using var response = await client.PostAsJsonAsync("/suppression-list/sync", new { direction = "push" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        var push = report.GetProperty("push");
        Assert.Equal(1, push.GetProperty("pushed").GetInt32());
        Assert.Equal(1, push.GetProperty("alreadyInSes").GetInt32());
        Assert.Equal(1, push.GetProperty("skippedManual").GetInt32());
        Assert.Equal(1, push.GetProperty("skippedUnsubscribe").GetInt32());
        Assert.Contains("only the reasons BOUNCE and COMPLAINT", report.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        var inSes = await fixture.SesListAsync(tenant);
        Assert.Equal(new Dictionary<string, string> { ["b@example.com"] = "BOUNCE", ["c@example.com"] = "COMPLAINT" }, inSes);
    }

    [Fact]
    public async Task Both_directions_leave_each_side_with_the_others_entries()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        var session = await fixture.SesSessionAsync(tenant);
        for (var i = 0; i < 1200; i++)
        {
            await fixture.Ses.PutSuppressedDestinationAsync(session, $"ses{i:0000}@example.com", i % 3 == 0 ? "COMPLAINT" : "BOUNCE", CancellationToken.None);
        }

        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        await client.PutJsonAsync("/suppression-list/ours@example.com", new { reason = "BOUNCE" });

        using var response = await client.PostAsJsonAsync("/suppression-list/sync", new { direction = "both" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        Assert.Equal(1200, report.GetProperty("pull").GetProperty("added").GetInt32());
        Assert.Equal(1, report.GetProperty("push").GetProperty("pushed").GetInt32());
        Assert.Equal(1200, report.GetProperty("push").GetProperty("alreadyInSes").GetInt32());
        Assert.Equal(1201, (await fixture.SesListAsync(tenant)).Count);
        Assert.Equal(SuppressionReason.Complaint, (await fixture.Suppressions.GetAsync(tenant.Id, "ses0003@example.com", CancellationToken.None))!.Reason);
        var ours = await fixture.Suppressions.ListAsync(tenant.Id, new SuppressionQuery(Limit: 1000), CancellationToken.None);
        Assert.NotNull(ours.NextCursor);
    }

    [Fact]
    public async Task Deleting_with_fromSes_also_removes_the_address_from_the_SES_list()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        using var client = fixture.Client(tenant.Id, "events:read", "suppression:write");
        await fixture.Ses.PutSuppressedDestinationAsync(await fixture.SesSessionAsync(tenant), "gone@example.com", "BOUNCE", CancellationToken.None);
        await fixture.Ses.PutSuppressedDestinationAsync(await fixture.SesSessionAsync(tenant), "stays@example.com", "BOUNCE", CancellationToken.None);
        await client.PutJsonAsync("/suppression-list/gone@example.com", new { reason = "BOUNCE" });
        await client.PutJsonAsync("/suppression-list/stays@example.com", new { reason = "BOUNCE" });

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/suppression-list/gone@example.com?fromSes=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/suppression-list/stays@example.com")).StatusCode);

        Assert.Equal(["stays@example.com"], (await fixture.SesListAsync(tenant)).Keys);
    }

    [Fact]
    public async Task A_tenant_without_a_role_cannot_sync_and_is_told_how_to_set_one()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = fixture.Client(tenant.Id, "suppression:write");

        using var response = await client.PostAsJsonAsync("/suppression-list/sync", new { direction = "both" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("PUT /tenant/role", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_may_not_list_the_SES_suppression_list_is_named_in_the_answer()
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AwsAccountId!, "ListSuppressedDestinations", 403, "AccessDeniedException"));
        using var client = fixture.Client(tenant.Id, "suppression:write");

        using var response = await client.PostAsJsonAsync("/suppression-list/sync", new { direction = "pull" });

        // The stored role must change, not the request: 409, as every service answers a role that may not act.
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("ses:ListSuppressedDestinations", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"direction\":\"sideways\"}", HttpStatusCode.BadRequest)]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    [InlineData("{\"direction\":\"pull\",\"extra\":1}", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    public async Task A_bad_sync_request_is_refused_before_SES_is_called(string body, HttpStatusCode expected)
    {
        var tenant = await fixture.CreateTenantWithRoleAsync();
        await fixture.Sandbox.Admin.AddFaultAsync(new SandboxFault(tenant.AwsAccountId!, "ListSuppressedDestinations", 500, "InternalFailure", Count: -1));
        using var client = fixture.Client(tenant.Id, "suppression:write");

        using var response = await client.PostAsync("/suppression-list/sync", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
    }
}
