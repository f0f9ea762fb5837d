using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

[Collection(SharedSandbox.Name)]
public sealed class AssumeRoleTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task The_platform_assumes_a_role_that_trusts_it_and_gets_session_credentials()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-123456");
        using var sts = SandboxClients.Sts(sandbox);

        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = tenant.RoleArn,
            RoleSessionName = "tenant-acme",
            ExternalId = "ext-123456",
            DurationSeconds = 1800,
        });

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(response.Credentials.SecretAccessKey));
        Assert.False(string.IsNullOrEmpty(response.Credentials.SessionToken));
        var expiresIn = response.Credentials.Expiration!.Value.ToUniversalTime() - DateTime.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(28), TimeSpan.FromMinutes(31));
        Assert.Equal($"arn:aws:sts::{tenant.AccountId}:assumed-role/EmailListSender/tenant-acme", response.AssumedRoleUser.Arn);
        Assert.EndsWith(":tenant-acme", response.AssumedRoleUser.AssumedRoleId, StringComparison.Ordinal);
        Assert.StartsWith("AROA", response.AssumedRoleUser.AssumedRoleId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(response.ResponseMetadata.RequestId));
    }

    [Fact]
    public async Task A_wrong_external_id_is_refused_as_access_denied()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-right");
        using var sts = SandboxClients.Sts(sandbox);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = tenant.RoleArn,
            RoleSessionName = "tenant-acme",
            ExternalId = "ext-wrong",
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal($"User: {sandbox.PlatformPrincipalArn} is not authorized to perform: sts:AssumeRole on resource: {tenant.RoleArn}", error.Message);
    }

    [Fact]
    public async Task A_missing_external_id_is_refused_when_the_trust_policy_requires_one()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-required");
        using var sts = SandboxClients.Sts(sandbox);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = tenant.RoleArn, RoleSessionName = "tenant-acme" }));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task A_role_that_does_not_exist_is_refused_with_the_same_words_as_aws()
    {
        var roleArn = SandboxFixture.RoleArn(SandboxClients.NewAccountId(), "NoSuchRole");
        using var sts = SandboxClients.Sts(sandbox);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "tenant-acme", ExternalId = "ext-1" }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal($"User: {sandbox.PlatformPrincipalArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", error.Message);
    }

    [Fact]
    public async Task A_wrong_platform_secret_fails_the_signature_check()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        using var sts = SandboxClients.Sts(sandbox, secretAccessKey: "not-the-platform-secret-at-all");

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = tenant.RoleArn, RoleSessionName = "tenant-acme", ExternalId = "ext-1" }));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task An_unknown_access_key_is_an_invalid_client_token()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        using var sts = SandboxClients.Sts(sandbox, accessKeyId: "AKIAUNKNOWNKEY000000");

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = tenant.RoleArn, RoleSessionName = "tenant-acme", ExternalId = "ext-1" }));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task A_duration_longer_than_the_role_allows_is_a_validation_error()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", maxSessionDurationSeconds: 3600);
        using var sts = SandboxClients.Sts(sandbox);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = tenant.RoleArn,
            RoleSessionName = "tenant-acme",
            ExternalId = "ext-1",
            DurationSeconds = 7200,
        }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("MaxSessionDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_without_an_external_id_condition_is_assumed_without_one()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), externalId: null);

        var credentials = await SandboxClients.AssumeAsync(sandbox, tenant);

        Assert.StartsWith("ASIA", credentials.AccessKeyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_calls_are_counted_per_role_account()
    {
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        await SandboxClients.AssumeAsync(sandbox, tenant);
        using var sts = SandboxClients.Sts(sandbox);
        await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = tenant.RoleArn, RoleSessionName = "tenant-acme", ExternalId = "nope" }));

        var stats = await sandbox.Admin.GetStatsAsync();

        Assert.Equal(2, stats.PerAccount[tenant.AccountId].AssumeRoleCalls);
        Assert.Equal(1, stats.PerAccount[tenant.AccountId].RejectedCalls);
    }
}
