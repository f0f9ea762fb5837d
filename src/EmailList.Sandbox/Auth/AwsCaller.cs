using EmailList.Sandbox.State;

namespace EmailList.Sandbox.Auth;

/// <summary>Who signed a request: the platform user (long-term key) or an assumed-role session.</summary>
internal sealed record AwsCaller(string AccessKeyId, string AccountId, string PrincipalArn, string Region, StsSession? Session)
{
    public bool IsPlatform => Session is null;
}
