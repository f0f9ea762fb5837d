using Microsoft.AspNetCore.Http;

namespace EmailList.Sandbox.Auth;

/// <summary>A request whose SigV4 signature checked out, with its body (already read for the payload hash).</summary>
internal sealed record VerifiedRequest(AwsCaller Caller, byte[] Body)
{
    private static readonly object Key = new();

    public static VerifiedRequest From(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is VerifiedRequest request
            ? request
            : throw new InvalidOperationException("The SigV4 filter did not run for this endpoint.");

    public void Attach(HttpContext context) => context.Items[Key] = this;
}
