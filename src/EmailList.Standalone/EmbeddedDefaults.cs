using Microsoft.Extensions.Configuration.Memory;

namespace EmailList.Standalone;

/// <summary>
/// The embedded default: SQLite, in-process caches, a local signing key and the sandbox in place of AWS.
/// Added beneath every other configuration source, so appsettings, environment variables and arguments
/// override any of it (an empty <c>Standalone:SandboxUrl</c> means real AWS).
/// </summary>
public static class EmbeddedDefaults
{
    public const string Issuer = "emaillist-standalone";
    public const string Audience = "emaillist";
    public const string SandboxPlatformAccountId = "111111111111";
    public const string SandboxPlatformAccessKeyId = "AKIASTANDALONEPLATFM";

    public static WebApplicationBuilder AddEmbeddedDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var defaults = new StandaloneOptions();
        var sendApiUrl = builder.Configuration["Standalone:SendApiUrl"] ?? defaults.SendApiUrl;
        var sandboxUrl = builder.Configuration["Standalone:SandboxUrl"] ?? defaults.SandboxUrl;
        var dataDirectory = builder.Configuration["Standalone:DataDirectory"] ?? defaults.DataDirectory;
        var ingesterUrl = builder.Configuration["Standalone:IngesterUrl"] ?? defaults.IngesterUrl;
        var queryApiUrl = builder.Configuration["Standalone:QueryApiUrl"] ?? defaults.QueryApiUrl;
        var ingestKey = LocalSigningKey.LoadOrCreate(Path.Combine(dataDirectory, "ingest.key"));

        var values = new Dictionary<string, string?>
        {
            ["Urls"] = sendApiUrl,
            ["Storage:Provider"] = "Sqlite",
            ["Sqlite:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "emaillist.db")}",
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Ingester:SharedSecret"] = ingestKey,
            ["Query:CursorKey"] = LocalSigningKey.LoadOrCreate(Path.Combine(dataDirectory, "cursor.key")),
            ["OpenApi:Reference"] = "true",
            // The links in list mail (sign-up form, confirm, unsubscribe) point at the send API on this machine.
            ["Lists:PublicBaseUrl"] = sendApiUrl,
            ["Lists:TokenKey"] = LocalSigningKey.LoadOrCreate(Path.Combine(dataDirectory, "list-token.key")),
            // A developer receives webhooks on their own machine (http://localhost:...); production refuses such targets.
            ["Webhooks:AllowPrivateTargets"] = "true",
            // The dashboard calls the APIs over loopback HTTP and signs a developer in as any tenant with GET /_dev/token.
            ["Dashboard:QueryApiUrl"] = queryApiUrl,
            ["Dashboard:SendApiUrl"] = sendApiUrl,
            ["Dashboard:SignIn"] = "Local",
            ["Dashboard:LocalSignIn:TokenPath"] = "/_dev/token",
        };
        if (string.IsNullOrEmpty(builder.Configuration["Auth:Authority"]) && builder.Configuration.GetSection("Auth:SigningKeys").GetChildren().All(k => string.IsNullOrEmpty(k.Value)))
        {
            values["Auth:SigningKeys:0"] = LocalSigningKey.LoadOrCreate(Path.Combine(dataDirectory, "dev-signing.key"));
        }

        if (!string.IsNullOrEmpty(sandboxUrl))
        {
            // A secret that exists only on this machine, for the local sandbox's platform user.
            var platformSecret = LocalSigningKey.LoadOrCreate(Path.Combine(dataDirectory, "sandbox-platform.key"));
            values["Sandbox:PlatformAccountId"] = SandboxPlatformAccountId;
            values["Sandbox:PlatformAccessKeyId"] = SandboxPlatformAccessKeyId;
            values["Sandbox:PlatformSecretAccessKey"] = platformSecret;
            values["Sandbox:StateFile"] = Path.Combine(dataDirectory, "sandbox-state.json");
            values["Sts:ServiceUrl"] = sandboxUrl;
            values["Sts:Region"] = "us-east-1";
            values["Sts:PlatformAccountId"] = SandboxPlatformAccountId;
            values["Sts:AccessKeyId"] = SandboxPlatformAccessKeyId;
            values["Sts:SecretAccessKey"] = platformSecret;
            values["Ses:ServiceUrl"] = sandboxUrl;
            values["EventBridge:ServiceUrl"] = sandboxUrl;
            values["EventBridge:Region"] = "us-east-1";
            values["EventBridge:AccessKeyId"] = SandboxPlatformAccessKeyId;
            values["EventBridge:SecretAccessKey"] = platformSecret;
            values["Onboarding:PlatformAccountId"] = SandboxPlatformAccountId;
            values["Onboarding:EventBusRegion"] = "us-east-1";

            // SES events take production's path: only along the forwarding onboarding (or the template) sets up, as AWS does,
            // onto the platform bus, whose rule sends them to the sandbox's SQS queue; the ingester long-polls that queue.
            values["Sandbox:Events:RequireForwarding"] = "true";
            values["Sandbox:Queue:Enabled"] = "true";
            values["Ingester:Queue:QueueUrl"] = $"{sandboxUrl.TrimEnd('/')}/{SandboxPlatformAccountId}/emaillist-ses-events";
            values["Ingester:Queue:ServiceUrl"] = sandboxUrl;
            values["Ingester:Queue:Region"] = "us-east-1";
            values["Ingester:Queue:AccessKeyId"] = SandboxPlatformAccessKeyId;
            values["Ingester:Queue:SecretAccessKey"] = platformSecret;
            values["Ingester:Queue:Pollers"] = "2";
        }

        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
        return builder;
    }
}
