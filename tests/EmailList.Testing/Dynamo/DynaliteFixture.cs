using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace EmailList.Testing.Dynamo;

/// <summary>
/// A DynamoDB-compatible server (dynalite, in memory) on a free loopback port, for one test collection.
/// It comes from <c>tools/node</c>: run <c>(cd tools/node &amp;&amp; npm ci)</c> once. Tests fail, never skip,
/// when node or dynalite is missing.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string AccessKeyId = "local";
    public const string SecretAccessKey = "local";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private Process? _process;
    private AmazonDynamoDBClient? _client;
    private readonly System.Text.StringBuilder _output = new();

    public int Port { get; } = FreeLoopbackPort();

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>A client for this server, with static dummy credentials (dynalite checks only that a signature is present).</summary>
    public IAmazonDynamoDB Client => _client ?? throw new InvalidOperationException("The dynalite fixture has not started.");

    public async Task InitializeAsync()
    {
        var cli = Path.Combine(RepositoryRoot.Path, "tools", "node", "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(
                $"dynalite is not installed ({cli} is missing). Run `(cd tools/node && npm ci --no-audit --no-fund)` in the repository root, or .ci/setup.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Short CREATING/UPDATING phases keep table set-up fast; the stores still wait for ACTIVE.
        foreach (var argument in new[] { cli, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--createTableMs", "20", "--updateTableMs", "20", "--deleteTableMs", "20" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not on the PATH; install Node.js 20 (see .ci/setup) to run the DynamoDB tests.", e);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilListeningAsync();
        _client = new AmazonDynamoDBClient(
            new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
            new AmazonDynamoDBConfig { ServiceURL = ServiceUrl.AbsoluteUri, AuthenticationRegion = Region });
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"dynalite exited with code {_process.ExitCode} before listening: {Output()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (started.Elapsed < StartTimeout)
            {
                await Task.Delay(50);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"dynalite did not listen on port {Port} within {StartTimeout.TotalSeconds:0} s: {Output()}", e);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
