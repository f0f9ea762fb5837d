using EmailList.Testing.Sandbox;

namespace EmailList.Testing.Hosting;

/// <summary>Configuration that points a service's STS, SES and EventBridge clients and its onboarding at the sandbox.</summary>
public static class SandboxAwsConfiguration
{
    public static IEnumerable<KeyValuePair<string, string?>> For(SandboxFixture sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var url = sandbox.BaseUrl.AbsoluteUri;
        return
        [
            new("Sts:ServiceUrl", url),
            new("Sts:Region", SandboxFixture.Region),
            new("Sts:PlatformAccountId", sandbox.PlatformAccountId),
            new("Sts:AccessKeyId", sandbox.PlatformAccessKeyId),
            new("Sts:SecretAccessKey", sandbox.PlatformSecretAccessKey),
            new("Ses:ServiceUrl", url),
            new("Ses:ThrottleBaseDelay", "00:00:00.010"),
            new("Ses:TransientBaseDelay", "00:00:00.010"),
            new("EventBridge:ServiceUrl", url),
            new("EventBridge:Region", SandboxFixture.Region),
            new("EventBridge:AccessKeyId", sandbox.PlatformAccessKeyId),
            new("EventBridge:SecretAccessKey", sandbox.PlatformSecretAccessKey),
            new("EventBridge:ThrottleBaseDelay", "00:00:00.010"),
            new("EventBridge:TransientBaseDelay", "00:00:00.010"),
            new("Onboarding:PlatformAccountId", sandbox.PlatformAccountId),
            new("Onboarding:EventBusRegion", SandboxFixture.Region),
        ];
    }
}
