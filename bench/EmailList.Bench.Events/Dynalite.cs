using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EmailList.Bench.Events;

/// <summary>dynalite (in memory) from tools/node on a free loopback port, as the tests' DynaliteFixture starts it.</summary>
public sealed class Dynalite : IAsyncDisposable
{
    private readonly Process _process;

    private Dynalite(Process process, int port)
    {
        _process = process;
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri ServiceUrl { get; }

    public static async Task<Dynalite> StartAsync(string repositoryRoot)
    {
        var cli = Path.Combine(repositoryRoot, "tools", "node", "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing; run `(cd tools/node && npm ci --no-audit --no-fund)`.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cli, "--port", port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--createTableMs", "20" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new Dynalite(process, port);
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
