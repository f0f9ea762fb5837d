namespace EmailList.Core.Credentials;

/// <summary>STS session credentials. Never logged: <see cref="ToString"/> hides the secrets.</summary>
public sealed record TemporaryCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    public override string ToString() => $"TemporaryCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O} }}";
}
