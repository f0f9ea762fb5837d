using EmailList.AppHost;

// The production shape on one machine: each service its own process, wired only through references and environment.
var builder = DistributedApplication.CreateBuilder(args);
var secrets = PlatformSecrets.From(builder);

var redis = builder.AddRedisServer("redis");
var dynamoDb = builder.AddDynalite("dynamodb");

// The local STS, SES v2, EventBridge and SQS. SES events take production's path: only along the forwarding onboarding sets up, as
// AWS does, onto the platform bus, whose rule puts each into the SES event queue.
var sandbox = builder.AddProject<Projects.EmailList_Sandbox>("sandbox", options => options.ExcludeLaunchProfile = true)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Sandbox__PlatformAccountId", PlatformSecrets.PlatformAccountId)
    .WithEnvironment("Sandbox__PlatformAccessKeyId", PlatformSecrets.PlatformAccessKeyId)
    .WithEnvironment("Sandbox__PlatformSecretAccessKey", secrets.PlatformSecretAccessKey)
    .WithEnvironment("Sandbox__Events__RequireForwarding", "true")
    .WithEnvironment("Sandbox__Queue__Enabled", "true")
    .WithEnvironment("Sandbox__Queue__Name", PlatformSecrets.EventQueueName);

// Long-polls the queue; POST /ses-events stays open for tools that post events directly.
builder.AddEmailListService<Projects.EmailList_EventIngester>("event-ingester", secrets, redis, dynamoDb)
    .WithEnvironment("Ingester__SharedSecret", secrets.IngestKey)
    .WithSesEventQueue(sandbox, secrets)
    .WaitFor(sandbox);

var queryApi = builder.AddEmailListService<Projects.EmailList_QueryApi>("query-api", secrets, redis, dynamoDb)
    .WithAwsEndpoints(sandbox, secrets)
    .WithEnvironment("Query__CursorKey", secrets.CursorKey)
    .WaitFor(sandbox);

// Two send API instances, as production runs several behind its load balancer: whatever they share (tenants, idempotency keys,
// rate limits, offboarding) goes through Redis and DynamoDB, never through one process's memory. Two resources rather than
// WithReplicas(2), so that each instance has its own endpoint and a test can reach each one directly. The first also stands for
// the public address of the lists' sign-up, confirm and unsubscribe pages, so every link in a mail points at it.
var sendApi = AddSendApi("send-api");
sendApi.WithEnvironment("Lists__PublicBaseUrl", sendApi.GetEndpoint("http"));
AddSendApi("send-api-2").WithEnvironment("Lists__PublicBaseUrl", sendApi.GetEndpoint("http"));

// Sends scheduled mail and broadcasts when due: claims them from DynamoDB under leases, paced per tenant through Redis.
builder.AddEmailListService<Projects.EmailList_Dispatcher>("dispatcher", secrets, redis, dynamoDb)
    .WithAwsEndpoints(sandbox, secrets)
    .WithEnvironment("Lists__TokenKey", secrets.ListTokenKey)
    .WithEnvironment("Lists__PublicBaseUrl", sendApi.GetEndpoint("http"))
    .WaitFor(sandbox);

// The tenant dashboard: web pages over the query and send APIs, found through service discovery. With no identity
// provider here, its local sign-in mints tokens with the AppHost's signing key for whichever tenant is named.
builder.AddProject<Projects.EmailList_Dashboard>("dashboard", options => options.ExcludeLaunchProfile = true)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(queryApi)
    .WithReference(sendApi)
    // Sessions and Data Protection keys in Redis: any dashboard replica serves a signed-in user.
    .WithReference(redis)
    .WithEnvironment("Dashboard__SignIn", "Local")
    .WithEnvironment("Dashboard__LocalSignIn__SigningKey", secrets.JwtSigningKey)
    .WithEnvironment("Dashboard__LocalSignIn__Issuer", PlatformSecrets.Issuer)
    .WithEnvironment("Dashboard__LocalSignIn__Audience", PlatformSecrets.Audience)
    .WaitFor(queryApi);

builder.Build().Run();

IResourceBuilder<ProjectResource> AddSendApi(string name) =>
    builder.AddEmailListService<Projects.EmailList_SendApi>(name, secrets, redis, dynamoDb)
        .WithAwsEndpoints(sandbox, secrets)
        .WithEnvironment("Lists__TokenKey", secrets.ListTokenKey)
        .WaitFor(sandbox);
