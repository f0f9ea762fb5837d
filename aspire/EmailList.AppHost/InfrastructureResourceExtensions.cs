using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailList.AppHost;

/// <summary>Redis and the DynamoDB-compatible server, as this machine can run them.</summary>
public static class InfrastructureResourceExtensions
{
    /// <summary>The image <c>.ci/setup</c> builds from Debian's binaries (no image can be pulled here); Docker pulls it elsewhere.</summary>
    public const string RedisImage = "library/redis";
    public const string RedisTag = "7.0";
    public const string RedisRegistry = "docker.io";

    /// <summary>
    /// Redis in a container when a container runtime works (and, for podman, has the image), otherwise <c>redis-server</c> as a
    /// process. <c>Redis:Mode</c> (<c>container</c> or <c>executable</c>) in the AppHost's configuration overrides the choice.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var mode = builder.Configuration["Redis:Mode"];
        var (useContainer, reason) = mode switch
        {
            "container" => (true, "Redis:Mode=container"),
            "executable" => (false, "Redis:Mode=executable"),
            _ => ContainerRuntimeProbe.CanRunRedis($"{RedisRegistry}/{RedisImage}:{RedisTag}"),
        };

        Console.WriteLine(useContainer
            ? $"EmailList AppHost: Redis runs in a container ({RedisRegistry}/{RedisImage}:{RedisTag}): {reason}."
            : $"EmailList AppHost: Redis runs as a redis-server process, not in a container: {reason}.");
        return useContainer ? builder.AddRedisContainer(name) : builder.AddRedisExecutable(name);
    }

    /// <summary>dynalite from <c>tools/node</c> (installed by <c>npm ci</c> there, as <c>.ci/setup</c> does), in memory, on a dynamic port.</summary>
    public static IResourceBuilder<ExecutableResource> AddDynalite(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var nodeTools = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "tools", "node"));
        var cli = Path.Combine(nodeTools, "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"dynalite is not installed ({cli} is missing): run `(cd tools/node && npm ci --no-audit --no-fund)` or .ci/setup first.");
        }

        var dynalite = builder.AddExecutable(name, "node", nodeTools)
            .WithHttpEndpoint(name: "http");
        var endpoint = dynalite.GetEndpoint("http");
        dynalite.WithArgs(context =>
        {
            context.Args.Add(cli);
            context.Args.Add("--host");
            context.Args.Add("127.0.0.1");
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            // Short CREATING phases keep the services' table set-up at start quick; they still wait for ACTIVE.
            context.Args.Add("--createTableMs");
            context.Args.Add("20");
        });
        return dynalite.WithListeningHealthCheck(builder, endpoint);
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisContainer(this IDistributedApplicationBuilder builder, string name)
    {
        var redis = builder.AddRedis(name)
            .WithImageRegistry(RedisRegistry)
            .WithImage(RedisImage, RedisTag)
            .WithContainerRuntimeArgs("--ulimit", "nofile=10000:10000", "--ulimit", "nproc=5000:5000");

        // The image holds redis-server and redis-cli but no shell, so redis-server is started directly (Aspire's own
        // arguments run it through /bin/sh -c).
        var resource = redis.Resource;
        foreach (var arguments in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>().ToList())
        {
            resource.Annotations.Remove(arguments);
        }

#pragma warning disable ASPIRECONTAINERSHELLEXECUTION001 // Experimental; the documented way to run an image without its shell.
        resource.ShellExecution = false;
#pragma warning restore ASPIRECONTAINERSHELLEXECUTION001
        redis.WithEntrypoint("/usr/bin/redis-server")
            .WithArgs(context =>
            {
                context.Args.Add("--protected-mode");
                context.Args.Add("no");
                context.Args.Add("--save");
                context.Args.Add("");
                if (resource.PasswordParameter is { } password)
                {
                    context.Args.Add("--requirepass");
                    context.Args.Add(password);
                }
            });
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(resource);
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisExecutable(this IDistributedApplicationBuilder builder, string name)
    {
        var resource = new RedisServerResource(name, builder.AppHostDirectory);
        var redis = builder.AddResource(resource)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp");
        var endpoint = redis.GetEndpoint(RedisServerResource.EndpointName);
        redis.WithArgs(context =>
        {
            context.Args.Add("--bind");
            context.Args.Add("127.0.0.1");
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            context.Args.Add("--save");
            context.Args.Add("");
            context.Args.Add("--appendonly");
            context.Args.Add("no");
        });
        redis.WithListeningHealthCheck(builder, endpoint);
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(resource);
    }

    /// <summary>Healthy once something accepts connections on <paramref name="endpoint"/>: dependants wait for that, not merely for the process.</summary>
    private static IResourceBuilder<T> WithListeningHealthCheck<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder, EndpointReference endpoint)
        where T : IResource
    {
        var name = $"{resource.Resource.Name}-listening";
        builder.Services.AddHealthChecks().AddAsyncCheck(name, async cancellationToken =>
        {
            if (!endpoint.IsAllocated)
            {
                return HealthCheckResult.Unhealthy("No port allocated yet.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(endpoint.Host, endpoint.TargetPort ?? endpoint.Port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException e)
            {
                return HealthCheckResult.Unhealthy($"Nothing listens on {endpoint.Host}:{endpoint.TargetPort ?? endpoint.Port} yet.", e);
            }
        });
        return resource.WithHealthCheck(name);
    }
}
