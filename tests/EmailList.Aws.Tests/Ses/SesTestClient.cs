using EmailList.Aws.Ses;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.Ses;

/// <summary>A <see cref="SesV2Client"/> aimed at a <see cref="ScriptedAwsServer"/>, with retry delays short enough for tests.</summary>
public static class SesTestClient
{
    public static readonly SesSession Session = new(
        new TemporaryCredentials("ASIATENANTKEY", "tenant-secret", "tenant-session-token", DateTimeOffset.UtcNow.AddHours(1)),
        "eu-west-1");

    public static SesV2Client Create(ScriptedAwsServer server, Action<SesOptions>? configure = null)
    {
        var options = new SesOptions
        {
            ServiceUrl = server.BaseAddress,
            ThrottleBaseDelay = TimeSpan.FromMilliseconds(2),
            TransientBaseDelay = TimeSpan.FromMilliseconds(2),
            AttemptTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new SesV2Client(new HttpClient(), Options.Create(options), TimeProvider.System, NullLogger<SesV2Client>.Instance);
    }

    public static OutboundEmail Email(byte[]? raw = null) => new(
        "sender@example.com",
        new SesDestination(["to@example.org"], ["cc@example.org"], ["hidden@example.net"]),
        raw ?? "Subject: hi\r\n\r\nhello"u8.ToArray(),
        [new("tenant", "acme"), new("campaign", "welcome")],
        "tenant-acme");
}
