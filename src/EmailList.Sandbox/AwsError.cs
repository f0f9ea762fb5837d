namespace EmailList.Sandbox;

/// <summary>An AWS error answer (code, message, status), worded as AWS words it; each protocol renders it in its own format.</summary>
internal sealed record AwsError(int StatusCode, string Code, string Message)
{
    public static AwsError MissingAuthentication() =>
        new(403, "MissingAuthenticationToken", "Request is missing Authentication Token");

    public static AwsError Incomplete(string message) => new(400, "IncompleteSignature", message);

    public static AwsError InvalidToken() =>
        new(403, "InvalidClientTokenId", "The security token included in the request is invalid.");

    public static AwsError SignatureMismatch() =>
        new(403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    public static AwsError ExpiredToken(string code) =>
        new(403, code, "The security token included in the request is expired");
}
