using Microsoft.AspNetCore.Http;

namespace EmailList.Sandbox.Auth;

/// <summary>What a SigV4-signed endpoint expects: the service name in the credential scope, the expired-token code, and how errors are rendered.</summary>
internal sealed record SigV4Protocol(string Service, string ExpiredTokenCode, Func<AwsError, IResult> Render);
