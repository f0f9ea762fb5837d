using EmailList.Aws.EventBridge;
using EmailList.Aws.Tests.Ses;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.EventBridge;

/// <summary>An <see cref="EventBridgeClient"/> aimed at a <see cref="ScriptedAwsServer"/>, with platform keys and short retry delays.</summary>
public static class EventBridgeTestClient
{
    public const string PlatformAccessKeyId = "AKIAPLATFORMKEY";

    public const string PlatformRegion = "us-east-1";

    public static readonly SesSession TenantSession = new(
        new TemporaryCredentials("ASIATENANTKEY", "tenant-secret", "tenant-session-token", DateTimeOffset.UtcNow.AddHours(1)),
        "eu-west-1");

    public static EventBridgeClient Create(ScriptedAwsServer server, Action<EventBridgeOptions>? configure = null)
    {
        var options = new EventBridgeOptions
        {
            ServiceUrl = server.BaseAddress,
            Region = PlatformRegion,
            AccessKeyId = PlatformAccessKeyId,
            SecretAccessKey = "platform-secret",
            ThrottleBaseDelay = TimeSpan.FromMilliseconds(2),
            TransientBaseDelay = TimeSpan.FromMilliseconds(2),
            AttemptTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new EventBridgeClient(new HttpClient(), Options.Create(options), TimeProvider.System, NullLogger<EventBridgeClient>.Instance);
    }
}
