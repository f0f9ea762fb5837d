using System.Text.Json;
using EmailList.Testing;
using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

/// <summary>
/// The official AWS SDK for JavaScript v3 (@aws-sdk/client-sqs, @aws-sdk/client-eventbridge) reads the platform's SES event queue
/// and replays the platform bus's archive against the sandbox as it would against AWS: js/sqs-wire-check.mjs.
/// </summary>
public sealed class SqsWireCompatibilityTests : IAsyncLifetime
{
    private SandboxFixture _sandbox = null!;

    public async Task InitializeAsync() =>
        _sandbox = await SandboxFixture.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Sandbox:Queue:Enabled"] = "true",
            ["Sandbox:Queue:MaxReceiveCount"] = "2",
        });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task The_AWS_SDK_for_JavaScript_polls_the_event_queue_sees_poison_go_to_the_dead_letter_queue_and_replays_the_archive()
    {
        var root = RepositoryRoot.Path;
        var sdk = Path.Combine(root, "tools", "node", "node_modules", "@aws-sdk", "client-sqs");
        Assert.True(Directory.Exists(sdk), $"@aws-sdk/client-sqs is not installed at {sdk}. Run `(cd tools/node && npm ci --no-audit --no-fund)`.");
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-js-sqs");
        var messageId = await SandboxClients.Ses(_sandbox).SendEmailAsync(await SandboxClients.SessionAsync(_sandbox, tenant),
            SandboxClients.Email(to: ["success@simulator.amazonses.com"]), CancellationToken.None);
        Assert.Equal(2, (await _sandbox.Admin.WaitForEventDeliveryAsync(messageId)).Count);
        var platformBusArn = $"arn:aws:events:us-east-1:{_sandbox.PlatformAccountId}:event-bus/emaillist";

        var (exitCode, stdout, stderr) = await WireCompatibilityTests.RunNodeAsync(root, Path.Combine(root, "tests", "EmailList.Sandbox.Tests", "js", "sqs-wire-check.mjs"), new()
        {
            ["SANDBOX_URL"] = _sandbox.BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["PLATFORM_ACCESS_KEY_ID"] = _sandbox.PlatformAccessKeyId,
            ["PLATFORM_SECRET_ACCESS_KEY"] = _sandbox.PlatformSecretAccessKey,
            ["PLATFORM_BUS_ARN"] = platformBusArn,
            ["ARCHIVE_ARN"] = $"arn:aws:events:us-east-1:{_sandbox.PlatformAccountId}:archive/emaillist-ses-events",
        });

        Assert.True(exitCode == 0, $"sqs-wire-check.mjs exited with {exitCode}.\nstdout: {stdout}\nstderr: {stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal($"{_sandbox.BaseUrl.AbsoluteUri.TrimEnd('/')}/{_sandbox.PlatformAccountId}/emaillist-ses-events", result.GetProperty("queueUrl").GetString());
        Assert.Equal("QueueDoesNotExist", result.GetProperty("missingQueue").GetProperty("name").GetString());
        var attributes = result.GetProperty("attributes");
        Assert.Equal("1209600", attributes.GetProperty("MessageRetentionPeriod").GetString());
        Assert.Equal("2", attributes.GetProperty("ApproximateNumberOfMessages").GetString());
        var redrive = JsonDocument.Parse(attributes.GetProperty("RedrivePolicy").GetString()!).RootElement;
        Assert.Equal(($"arn:aws:sqs:us-east-1:{_sandbox.PlatformAccountId}:emaillist-ses-events-dlq", 2),
            (redrive.GetProperty("deadLetterTargetArn").GetString(), redrive.GetProperty("maxReceiveCount").GetInt32()));

        Assert.Equal(["Email Delivered", "Email Sent"], result.GetProperty("original").EnumerateArray().Select(m => m.GetProperty("detailType").GetString()).Order(StringComparer.Ordinal));
        Assert.All(result.GetProperty("original").EnumerateArray(), m => Assert.Equal("1", m.GetProperty("receiveCount").GetString()));
        Assert.Equal(2, result.GetProperty("originalDeleted").GetInt32());

        var woken = Assert.Single(result.GetProperty("woken").EnumerateArray());
        Assert.Equal((result.GetProperty("sentId").GetString(), """{"hello":"sqs"}"""), (woken.GetProperty("id").GetString(), woken.GetProperty("body").GetString()));
        Assert.InRange(result.GetProperty("longPollMs").GetDouble(), 400, 5_000);
        Assert.Equal(["2"], result.GetProperty("againReceiveCount").EnumerateArray().Select(c => c.GetString()));

        Assert.Equal([[1], [2], []], result.GetProperty("poisonCounts").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()));
        Assert.Equal(["not an event"], result.GetProperty("deadLetters").EnumerateArray().Select(b => b.GetString()));

        Assert.Equal(("STARTING", "COMPLETED"), (result.GetProperty("replay").GetProperty("state").GetString(), result.GetProperty("replay").GetProperty("described").GetString()));
        Assert.Equal(["js-replay", "js-replay"], result.GetProperty("replayedNames").EnumerateArray().Select(n => n.GetString()));
        Assert.True(result.GetProperty("sameIds").GetBoolean(), "A replayed event keeps its id.");
        Assert.Equal("ResourceAlreadyExistsException", result.GetProperty("replayAgain").GetProperty("name").GetString());
        Assert.Equal("0", result.GetProperty("depthAfter").GetString());
    }
}
