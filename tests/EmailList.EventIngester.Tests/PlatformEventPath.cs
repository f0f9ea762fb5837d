using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Amazon.SQS;
using Amazon.SQS.Model;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Testing.Sandbox;

namespace EmailList.EventIngester.Tests;

/// <summary>
/// Production's event path, in the sandbox: SES (SendEmail) -> the platform bus (archived) -> its rule -> the SQS queue (with a
/// dead-letter queue after <see cref="MaxReceiveCount"/> receives). Read and driven with the AWS SDK for .NET (SQS) and signed
/// EventBridge calls (StartReplay), as an operator would.
/// </summary>
public sealed class PlatformEventPath : IAsyncDisposable
{
    public const int MaxReceiveCount = 2;

    private PlatformEventPath(SandboxFixture sandbox)
    {
        Sandbox = sandbox;
        Sqs = new AmazonSQSClient(new BasicAWSCredentials(sandbox.PlatformAccessKeyId, sandbox.PlatformSecretAccessKey),
            new AmazonSQSConfig { ServiceURL = sandbox.BaseUrl.AbsoluteUri, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
    }

    public SandboxFixture Sandbox { get; }

    public IAmazonSQS Sqs { get; }

    public string QueueUrl => $"{Sandbox.BaseUrl.AbsoluteUri.TrimEnd('/')}/{Sandbox.PlatformAccountId}/emaillist-ses-events";

    public string DeadLetterQueueUrl => QueueUrl + "-dlq";

    public static async Task<PlatformEventPath> StartAsync() =>
        new(await SandboxFixture.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Sandbox:Queue:Enabled"] = "true",
            ["Sandbox:Queue:MaxReceiveCount"] = MaxReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

    /// <summary>What an ingester needs to poll the queue, fast enough for tests (a 1 s long poll, a 2 s visibility timeout).</summary>
    public IEnumerable<KeyValuePair<string, string?>> IngesterConfiguration() =>
    [
        new("Ingester:Queue:QueueUrl", QueueUrl),
        new("Ingester:Queue:ServiceUrl", Sandbox.BaseUrl.AbsoluteUri),
        new("Ingester:Queue:Region", "us-east-1"),
        new("Ingester:Queue:AccessKeyId", Sandbox.PlatformAccessKeyId),
        new("Ingester:Queue:SecretAccessKey", Sandbox.PlatformSecretAccessKey),
        new("Ingester:Queue:Pollers", "2"),
        new("Ingester:Queue:WaitTime", "00:00:01"),
        new("Ingester:Queue:VisibilityTimeout", "00:00:02"),
        new("Ingester:Queue:ErrorDelay", "00:00:00.100"),
    ];

    /// <summary>Sends one mail through the tenant's SES in the sandbox: SES publishes Send and Delivery (or Bounce) onto the platform bus.</summary>
    public async Task<string> SendMailAsync(SandboxTenant tenant, string to = "success@simulator.amazonses.com")
    {
        using var sts = new Amazon.SecurityToken.AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(Sandbox.PlatformAccessKeyId, Sandbox.PlatformSecretAccessKey),
            new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { ServiceURL = Sandbox.BaseUrl.AbsoluteUri, AuthenticationRegion = "us-east-1" });
        var assumed = await sts.AssumeRoleAsync(new Amazon.SecurityToken.Model.AssumeRoleRequest
        {
            RoleArn = tenant.RoleArn,
            RoleSessionName = "outage-test",
            ExternalId = tenant.ExternalId,
        });
        var credentials = new TemporaryCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken,
            assumed.Credentials.Expiration!.Value);
        using var http = new HttpClient();
        var ses = new EmailList.Aws.Ses.SesV2Client(http, Microsoft.Extensions.Options.Options.Create(new EmailList.Aws.Ses.SesOptions { ServiceUrl = Sandbox.BaseUrl }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<EmailList.Aws.Ses.SesV2Client>.Instance);
        var raw = System.Text.Encoding.ASCII.GetBytes($"From: news@example.com\r\nTo: {to}\r\nSubject: Outage\r\n\r\nHello.\r\n");
        return await ses.SendEmailAsync(new SesSession(credentials, "us-east-1"),
            new OutboundEmail("news@example.com", new SesDestination([to], [], []), raw, [], null), CancellationToken.None);
    }

    /// <summary>Messages in the queue: visible plus in flight.</summary>
    public async Task<int> DepthAsync(string? queueUrl = null)
    {
        var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl ?? QueueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    /// <summary>EventBridge StartReplay of the platform bus's archive, every event from <paramref name="from"/> until now.</summary>
    public async Task<JsonElement> StartReplayAsync(string name, DateTimeOffset from)
    {
        var region = "us-east-1";
        var json = JsonSerializer.Serialize(new
        {
            ReplayName = name,
            EventSourceArn = $"arn:aws:events:{region}:{Sandbox.PlatformAccountId}:archive/emaillist-ses-events",
            EventStartTime = from.ToUnixTimeMilliseconds() / 1000.0,
            EventEndTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            Destination = new { Arn = $"arn:aws:events:{region}:{Sandbox.PlatformAccountId}:event-bus/emaillist" },
        });
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, Sandbox.BaseUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSEvents.StartReplay");
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = Sandbox.BaseUrl, Content = body };
        signing.Headers["Content-Type"] = "application/x-amz-json-1.1";
        signing.Headers["X-Amz-Target"] = "AWSEvents.StartReplay";
        var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(Sandbox.PlatformAccessKeyId, Sandbox.PlatformSecretAccessKey),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = "events",
            SignPayload = true,
            SignedAt = DateTime.UtcNow,
        });
        foreach (var (header, value) in signed.Headers.Where(h => h.Key is not ("Content-Type" or "X-Amz-Target")))
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Sqs.Dispose();
        await Sandbox.DisposeAsync();
    }
}
