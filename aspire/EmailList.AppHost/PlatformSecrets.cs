using System.Security.Cryptography;

namespace EmailList.AppHost;

/// <summary>
/// The keys the services share (JWT signing, ingest key, cursor and credential encryption, list tokens, the sandbox platform user's secret).
/// Each is the AppHost parameter of that name when configured (<c>Parameters:jwt-signing-key</c> and so on, e.g. from a test
/// that mints tokens), otherwise fresh random bytes for this run: every store here lives in memory and starts empty anyway.
/// </summary>
public sealed class PlatformSecrets
{
    public const string Issuer = "emaillist-apphost";
    public const string Audience = "emaillist";
    public const string Region = "us-east-1";
    public const string PlatformAccountId = "111111111111";
    public const string PlatformAccessKeyId = "AKIAAPPHOSTPLATFORM1";

    /// <summary>The platform's SQS queue of SES events (the sandbox's, here).</summary>
    public const string EventQueueName = "emaillist-ses-events";

    private PlatformSecrets(IDistributedApplicationBuilder builder)
    {
        JwtSigningKey = Secret(builder, "jwt-signing-key");
        IngestKey = Secret(builder, "ingest-key");
        CursorKey = Secret(builder, "cursor-key");
        CredentialEncryptionKey = Secret(builder, "credential-encryption-key");
        PlatformSecretAccessKey = Secret(builder, "sandbox-platform-secret");
        ListTokenKey = Secret(builder, "list-token-key");
    }

    public IResourceBuilder<ParameterResource> JwtSigningKey { get; }

    public IResourceBuilder<ParameterResource> IngestKey { get; }

    public IResourceBuilder<ParameterResource> CursorKey { get; }

    public IResourceBuilder<ParameterResource> CredentialEncryptionKey { get; }

    public IResourceBuilder<ParameterResource> PlatformSecretAccessKey { get; }

    /// <summary>Lists:TokenKey of the send API and the dispatcher: confirm and unsubscribe links one writes, the other reads.</summary>
    public IResourceBuilder<ParameterResource> ListTokenKey { get; }

    public static PlatformSecrets From(IDistributedApplicationBuilder builder) => new(builder);

    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name)
    {
        var value = builder.Configuration[$"Parameters:{name}"];
        return builder.AddParameter(name, string.IsNullOrEmpty(value) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : value, secret: true);
    }
}
