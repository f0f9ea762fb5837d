using System.Net;
using System.Net.Sockets;

using DotNet.Testcontainers.Containers;

using Testcontainers.Redis;

namespace EmailList.Testing.Redis;

/// <summary>
/// A real Redis 7 in a container (through podman here, Docker elsewhere), for one test collection
/// or class. The host port is fixed when the fixture is created, so <see cref="ConnectionString"/>
/// stays valid across <see cref="StopAsync"/> and <see cref="StartAsync"/> and a client already
/// connected reconnects by itself; a restart loses the data (no persistence).
/// Tests that stop Redis should own their fixture (a class fixture), not share the collection's.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public const string Image = "docker.io/library/redis:7.0";
    private const string PodmanSocket = "/run/podman/podman.sock";

    private readonly RedisContainer _container;

    public RedisFixture()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is null && File.Exists(PodmanSocket))
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{PodmanSocket}");
        }

        if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") is null)
        {
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        }

        HostPort = FreeLoopbackPort();
        _container = new RedisBuilder(Image)
            .WithPortBinding(HostPort, RedisBuilder.RedisPort)
            .Build();
    }

    public int HostPort { get; }

    /// <summary>StackExchange.Redis form, <c>127.0.0.1:port</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{HostPort}";

    public bool IsRunning => _container.State == TestcontainersStates.Running;

    public Task InitializeAsync() => _container.StartAsync();

    public Task DisposeAsync() => _container.DisposeAsync().AsTask();

    /// <summary>Stops the server, as a crash would: clients see their connection drop.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _container.StopAsync(cancellationToken);

    /// <summary>Starts it again, empty, on the same host port.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _container.StartAsync(cancellationToken);

    /// <summary>Runs <c>redis-cli</c> inside the container and returns its standard output.</summary>
    public async Task<string> RedisCliAsync(params string[] arguments)
    {
        var result = await _container.ExecAsync(["redis-cli", .. arguments]);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"redis-cli exited with {result.ExitCode}: {result.Stderr}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
