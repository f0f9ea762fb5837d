namespace EmailList.AppHost;

/// <summary>How a platform service joins the distributed application: its stores, Redis, authentication and AWS endpoints.</summary>
public static class EmailListServiceExtensions
{
    /// <summary>
    /// A service on a dynamic HTTP port, on DynamoDB (dynalite) and Redis (<c>ConnectionStrings:redis</c>), accepting tokens
    /// signed with the AppHost's key, healthy when its <c>/health</c> answers.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddEmailListService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        PlatformSecrets secrets,
        IResourceBuilder<IResourceWithConnectionString> redis,
        IResourceBuilder<ExecutableResource> dynamoDb)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(dynamoDb);
        return builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithReference(redis)
            .WaitFor(redis)
            .WithEnvironment("Storage__Provider", "DynamoDb")
            .WithEnvironment("DynamoDb__ServiceUrl", dynamoDb.GetEndpoint("http"))
            .WithEnvironment("DynamoDb__Region", PlatformSecrets.Region)
            .WithEnvironment("DynamoDb__AccessKeyId", "local")
            .WithEnvironment("DynamoDb__SecretAccessKey", "local")
            .WithEnvironment("DynamoDb__CreateTables", "true")
            // dynalite has no UpdateTimeToLive: expired items stay, which an in-memory local run can afford.
            .WithEnvironment("DynamoDb__RequireTimeToLive", "false")
            .WaitFor(dynamoDb)
            .WithEnvironment("CredentialEncryption__Key", secrets.CredentialEncryptionKey)
            .WithEnvironment("Auth__Issuer", PlatformSecrets.Issuer)
            .WithEnvironment("Auth__Audience", PlatformSecrets.Audience)
            .WithEnvironment("Auth__RequireHttpsMetadata", "false")
            .WithEnvironment("Auth__SigningKeys__0", secrets.JwtSigningKey);
    }

    /// <summary>STS, SES and EventBridge at the sandbox, as the platform's IAM user; onboarding names the sandbox's platform account.</summary>
    public static IResourceBuilder<ProjectResource> WithAwsEndpoints(
        this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<ProjectResource> sandbox,
        PlatformSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(secrets);
        var url = sandbox.GetEndpoint("http");
        return service
            .WithEnvironment("Sts__ServiceUrl", url)
            .WithEnvironment("Sts__Region", PlatformSecrets.Region)
            .WithEnvironment("Sts__PlatformAccountId", PlatformSecrets.PlatformAccountId)
            .WithEnvironment("Sts__AccessKeyId", PlatformSecrets.PlatformAccessKeyId)
            .WithEnvironment("Sts__SecretAccessKey", secrets.PlatformSecretAccessKey)
            .WithEnvironment("Ses__ServiceUrl", url)
            .WithEnvironment("EventBridge__ServiceUrl", url)
            .WithEnvironment("EventBridge__Region", PlatformSecrets.Region)
            .WithEnvironment("EventBridge__AccessKeyId", PlatformSecrets.PlatformAccessKeyId)
            .WithEnvironment("EventBridge__SecretAccessKey", secrets.PlatformSecretAccessKey)
            .WithEnvironment("Onboarding__PlatformAccountId", PlatformSecrets.PlatformAccountId)
            .WithEnvironment("Onboarding__EventBusRegion", PlatformSecrets.Region);
    }

    /// <summary>
    /// The ingester long-polls the sandbox's SQS queue, which the platform bus's rule fills, as production's ingester polls the
    /// queue in the platform account.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSesEventQueue(
        this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<ProjectResource> sandbox,
        PlatformSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(secrets);
        var url = sandbox.GetEndpoint("http");
        return service
            .WithEnvironment("Ingester__Queue__QueueUrl", ReferenceExpression.Create($"{url}/{PlatformSecrets.PlatformAccountId}/{PlatformSecrets.EventQueueName}"))
            .WithEnvironment("Ingester__Queue__ServiceUrl", url)
            .WithEnvironment("Ingester__Queue__Region", PlatformSecrets.Region)
            .WithEnvironment("Ingester__Queue__AccessKeyId", PlatformSecrets.PlatformAccessKeyId)
            .WithEnvironment("Ingester__Queue__SecretAccessKey", secrets.PlatformSecretAccessKey);
    }
}
