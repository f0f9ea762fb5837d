using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using EmailList.Aws.Ses;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Sandbox.Tests;

/// <summary>The real clients (AWSSDK STS, our SES v2 client) aimed at a sandbox.</summary>
public static class SandboxClients
{
    private static int s_accountSeed = 200_000;

    /// <summary>A fresh account id per test, so tests sharing one sandbox do not see each other's state.</summary>
    public static string NewAccountId() => "210000" + Interlocked.Increment(ref s_accountSeed).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static AmazonSecurityTokenServiceClient Sts(SandboxFixture sandbox, string? accessKeyId = null, string? secretAccessKey = null) =>
        new(new BasicAWSCredentials(accessKeyId ?? sandbox.PlatformAccessKeyId, secretAccessKey ?? sandbox.PlatformSecretAccessKey),
            new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = sandbox.BaseUrl.AbsoluteUri,
                AuthenticationRegion = SandboxFixture.Region,
                MaxErrorRetry = 0,
            });

    public static async Task<TemporaryCredentials> AssumeAsync(SandboxFixture sandbox, SandboxTenant tenant, string? policy = null, int? durationSeconds = null)
    {
        using var sts = Sts(sandbox);
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = tenant.RoleArn,
            RoleSessionName = "emaillist-test",
            ExternalId = tenant.ExternalId,
            Policy = policy,
            DurationSeconds = durationSeconds,
        });
        var c = response.Credentials;
        return new TemporaryCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken,
            new DateTimeOffset(DateTime.SpecifyKind(c.Expiration!.Value.ToUniversalTime(), DateTimeKind.Utc)));
    }

    public static async Task<SesSession> SessionAsync(SandboxFixture sandbox, SandboxTenant tenant, string? policy = null) =>
        new(await AssumeAsync(sandbox, tenant, policy), SandboxFixture.Region);

    /// <summary>Creates an SES configuration set with the session (AlreadyExists is fine: tests reuse tenants).</summary>
    public static async Task CreateConfigurationSetAsync(SandboxFixture sandbox, TemporaryCredentials credentials, string name, string region = SandboxFixture.Region)
    {
        using var response = await SignedRequests.SendAsync(sandbox.BaseUrl, HttpMethod.Post, "v2/email/configuration-sets",
            $$"""{"ConfigurationSetName":"{{name}}"}""", credentials, region);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode || body.Contains("already exists", StringComparison.Ordinal), $"CreateConfigurationSet answered {(int)response.StatusCode}: {body}");
    }

    public static SesV2Client Ses(SandboxFixture sandbox, Action<SesOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new SesOptions
        {
            ServiceUrl = sandbox.BaseUrl,
            ThrottleBaseDelay = TimeSpan.FromMilliseconds(1),
            TransientBaseDelay = TimeSpan.FromMilliseconds(1),
        };
        configure?.Invoke(options);
        return new SesV2Client(new HttpClient(), Options.Create(options), timeProvider ?? TimeProvider.System, NullLogger<SesV2Client>.Instance);
    }

    public static OutboundEmail Email(string from = "sender@example.com", IReadOnlyList<string>? to = null, string subject = "Hello", string? raw = null)
    {
        to ??= ["success@simulator.amazonses.com"];
        raw ??= $"From: {from}\r\nTo: {string.Join(", ", to)}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello from the sandbox tests.\r\n";
        return new OutboundEmail(from, new SesDestination(to, [], []), System.Text.Encoding.UTF8.GetBytes(raw), [], null);
    }
}
