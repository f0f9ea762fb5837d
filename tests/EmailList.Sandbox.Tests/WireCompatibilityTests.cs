using System.Diagnostics;
using System.Text.Json;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Sandbox;
using EmailList.Testing;

namespace EmailList.Sandbox.Tests;

/// <summary>The official AWS SDK for JavaScript v3 (tools/node) talks to the sandbox as it would to AWS: js/wire-check.mjs.</summary>
[Collection(SharedSandbox.Name)]
public sealed class WireCompatibilityTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task The_AWS_SDK_for_JavaScript_assumes_a_role_sends_and_manages_suppression_against_the_sandbox()
    {
        var root = RepositoryRoot.Path;
        var sdk = Path.Combine(root, "tools", "node", "node_modules", "@aws-sdk", "client-sesv2");
        Assert.True(Directory.Exists(sdk),
            $"The AWS SDK for JavaScript is not installed at {sdk}. Run `(cd tools/node && npm ci --no-audit --no-fund)` (CI does it in .ci/setup).");
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-js-wire",
            new SandboxAccountSettings(MaxSendRate: 50));

        var (exitCode, stdout, stderr) = await RunNodeAsync(root, Path.Combine(root, "tests", "EmailList.Sandbox.Tests", "js", "wire-check.mjs"), new()
        {
            ["SANDBOX_URL"] = sandbox.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["PLATFORM_ACCESS_KEY_ID"] = sandbox.PlatformAccessKeyId,
            ["PLATFORM_SECRET_ACCESS_KEY"] = sandbox.PlatformSecretAccessKey,
            ["ROLE_ARN"] = tenant.RoleArn,
            ["EXTERNAL_ID"] = tenant.ExternalId!,
        });

        Assert.True(exitCode == 0, $"wire-check.mjs exited with {exitCode}.\nstdout: {stdout}\nstderr: {stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.StartsWith("ASIA", result.GetProperty("assumeRole").GetProperty("accessKeyId").GetString(), StringComparison.Ordinal);
        Assert.Equal($"arn:aws:sts::{tenant.AccountId}:assumed-role/EmailListSender/js-wire-check", result.GetProperty("assumeRole").GetProperty("arn").GetString());

        var simple = await sandbox.Admin.GetMessageAsync(result.GetProperty("simpleMessageId").GetString()!);
        Assert.NotNull(simple);
        Assert.Equal("Simple from the JS SDK", simple.Subject);
        Assert.Equal("<p>html from js</p>", simple.HtmlBody);
        Assert.Equal("js-sdk", simple.Tags["origin"]);
        Assert.Equal("wire-check", simple.ConfigurationSetName);
        Assert.Equal("Bounce", simple.SimulatorOutcomes["bounce@simulator.amazonses.com"]);

        var raw = await sandbox.Admin.GetMessageAsync(result.GetProperty("rawMessageId").GetString()!);
        Assert.NotNull(raw);
        Assert.Equal("News <news@example.com>", raw.From);
        Assert.Equal(["complaint@simulator.amazonses.com"], raw.To);
        Assert.Contains("raw body from js", raw.Raw, StringComparison.Ordinal);
        Assert.Equal("Complaint", raw.SimulatorOutcomes["complaint@simulator.amazonses.com"]);

        var account = result.GetProperty("account");
        Assert.True(account.GetProperty("sendingEnabled").GetBoolean());
        Assert.Equal("HEALTHY", account.GetProperty("enforcementStatus").GetString());
        Assert.Equal(50, account.GetProperty("maxSendRate").GetDouble());
        Assert.Equal(3, account.GetProperty("sentLast24Hours").GetDouble());

        Assert.Equal("wire+check@example.org", result.GetProperty("fetched").GetProperty("emailAddress").GetString());
        var listed = Assert.Single(result.GetProperty("listedAfterPut").EnumerateArray());
        Assert.Equal("wire+check@example.org", listed.GetProperty("emailAddress").GetString());
        Assert.Equal("BOUNCE", listed.GetProperty("reason").GetString());
        var updated = DateTimeOffset.Parse(listed.GetProperty("lastUpdateTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(updated, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty(result.GetProperty("listedAfterDelete").EnumerateArray());

        var unverified = result.GetProperty("unverified");
        Assert.Equal("MessageRejected", unverified.GetProperty("name").GetString());
        Assert.Equal(400, unverified.GetProperty("status").GetInt32());
        Assert.Contains("someone@unverified.test", unverified.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("NotFoundException", result.GetProperty("deleteMissing").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_AWS_SDK_for_JavaScript_runs_the_onboarding_calls_for_SES_and_EventBridge_against_the_sandbox()
    {
        var root = RepositoryRoot.Path;
        var sdk = Path.Combine(root, "tools", "node", "node_modules", "@aws-sdk", "client-eventbridge");
        Assert.True(Directory.Exists(sdk), $"@aws-sdk/client-eventbridge is not installed at {sdk}. Run `(cd tools/node && npm ci --no-audit --no-fund)`.");
        var tenant = await sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-js-onboarding",
            new SandboxAccountSettings(VerifiedIdentities: ["example.com", "news@example.org"]));
        var platformBusArn = $"arn:aws:events:us-east-1:{sandbox.PlatformAccountId}:event-bus/emaillist";

        var (exitCode, stdout, stderr) = await RunNodeAsync(root, Path.Combine(root, "tests", "EmailList.Sandbox.Tests", "js", "onboarding-wire-check.mjs"), new()
        {
            ["SANDBOX_URL"] = sandbox.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["PLATFORM_ACCESS_KEY_ID"] = sandbox.PlatformAccessKeyId,
            ["PLATFORM_SECRET_ACCESS_KEY"] = sandbox.PlatformSecretAccessKey,
            ["ROLE_ARN"] = tenant.RoleArn,
            ["EXTERNAL_ID"] = tenant.ExternalId!,
            ["ACCOUNT_ID"] = tenant.AccountId,
            ["PLATFORM_BUS_ARN"] = platformBusArn,
        });

        Assert.True(exitCode == 0, $"onboarding-wire-check.mjs exited with {exitCode}.\nstdout: {stdout}\nstderr: {stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["example.com/DOMAIN/SUCCESS/True", "news@example.org/EMAIL_ADDRESS/SUCCESS/True"], result.GetProperty("identities").EnumerateArray()
            .Select(i => $"{i.GetProperty("name").GetString()}/{i.GetProperty("type").GetString()}/{i.GetProperty("status").GetString()}/{i.GetProperty("sending").GetBoolean()}"));
        Assert.Equal(("AlreadyExistsException", 400), (result.GetProperty("setAgain").GetProperty("name").GetString(), result.GetProperty("setAgain").GetProperty("status").GetInt32()));
        Assert.Equal("emaillist", result.GetProperty("setName").GetString());
        var destination = Assert.Single(result.GetProperty("destinations").EnumerateArray());
        Assert.Equal($"arn:aws:events:us-east-1:{tenant.AccountId}:event-bus/default", destination.GetProperty("bus").GetString());
        Assert.Equal(["SEND", "DELIVERY", "BOUNCE", "COMPLAINT"], destination.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(("NotFoundException", 404), (result.GetProperty("missingSet").GetProperty("name").GetString(), result.GetProperty("missingSet").GetProperty("status").GetInt32()));
        Assert.Equal("MessageRejected", result.GetProperty("probe").GetProperty("name").GetString());
        Assert.Equal(platformBusArn, result.GetProperty("busArn").GetString());
        var statement = Assert.Single(result.GetProperty("busPolicy").GetProperty("Statement").EnumerateArray());
        Assert.Equal("arn:aws:iam::*:role/emaillist/*", statement.GetProperty("Condition").GetProperty("ArnLike").GetProperty("aws:PrincipalArn").GetString());
        Assert.Equal($"arn:aws:events:us-east-1:{tenant.AccountId}:rule/emaillist-ses", result.GetProperty("ruleArn").GetString());
        Assert.Equal(0, result.GetProperty("failedEntryCount").GetInt32());
        Assert.Equal(("ENABLED", "default"), (result.GetProperty("rule").GetProperty("state").GetString(), result.GetProperty("rule").GetProperty("bus").GetString()));
        var target = Assert.Single(result.GetProperty("targets").EnumerateArray());
        Assert.Equal((platformBusArn, $"arn:aws:iam::{tenant.AccountId}:role/emaillist/emaillist-forwarder-us-east-1"),
            (target.GetProperty("arn").GetString(), target.GetProperty("roleArn").GetString()));
        Assert.Equal(("ResourceNotFoundException", 400), (result.GetProperty("missingRule").GetProperty("name").GetString(), result.GetProperty("missingRule").GetProperty("status").GetInt32()));
        Assert.Equal("AccessDeniedException", result.GetProperty("denied").GetProperty("name").GetString());
    }

    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(string workingDirectory, string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node; is Node.js on the PATH?");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wire-check.mjs did not finish within 60 s. stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
