using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmailList.Standalone.Tests;

/// <summary>The standalone binary in its own process, on free loopback ports and a temporary data directory.</summary>
public sealed class StandaloneProcess : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public Uri SendApiUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri SandboxUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri IngesterUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri QueryApiUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri DispatcherUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("emaillist-standalone-").FullName;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        await StartAsync();
    }

    public async Task StartAsync()
    {
        // A restart must wait for its own banner, not find the previous run's.
        lock (_output)
        {
            _output.Clear();
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "EmailList.Standalone.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll,
                $"--Standalone:SendApiUrl={SendApiUrl.AbsoluteUri.TrimEnd('/')}",
                $"--Standalone:SandboxUrl={SandboxUrl.AbsoluteUri.TrimEnd('/')}",
                $"--Standalone:IngesterUrl={IngesterUrl.AbsoluteUri.TrimEnd('/')}",
                $"--Standalone:QueryApiUrl={QueryApiUrl.AbsoluteUri.TrimEnd('/')}",
                $"--Standalone:DispatcherUrl={DispatcherUrl.AbsoluteUri.TrimEnd('/')}",
                $"--Standalone:DataDirectory={DataDirectory}",
            },
            WorkingDirectory = DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The standalone host exited with {_process.ExitCode}:\n{Output}");
            }

            if (Output.Contains("EmailList is running", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The standalone host did not start within 30 s:\n{Output}");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temp directory is cleaned by the OS.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// A free port below Linux's ephemeral range (32768-60999). A port the OS hands out itself can be taken as the
    /// source port of any outgoing connection on the machine while the host is stopped, and the restart test must get
    /// the same ports back.
    /// </summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free loopback port between 20000 and 32000.");
    }
}
