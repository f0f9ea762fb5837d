using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmailList.Bench.Schedule;

/// <summary>The embedded default in its own process, on free loopback ports and a temporary data directory.</summary>
public sealed class StandaloneRun : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("emaillist-bench-schedule-").FullName;

    private StandaloneRun(string dll)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll,
                $"--Standalone:SendApiUrl={SendApiUrl}",
                $"--Standalone:SandboxUrl={SandboxUrl}",
                $"--Standalone:IngesterUrl=http://127.0.0.1:{FreePort()}",
                $"--Standalone:QueryApiUrl=http://127.0.0.1:{FreePort()}",
                $"--Standalone:DataDirectory={_dataDirectory}",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:EmailList.Standalone=Information",
            },
            WorkingDirectory = _dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string SendApiUrl { get; } = $"http://127.0.0.1:{FreePort()}";

    public string SandboxUrl { get; } = $"http://127.0.0.1:{FreePort()}";

    public int ProcessId => _process.Id;

    public static async Task<StandaloneRun> StartAsync(string dll)
    {
        var run = new StandaloneRun(dll);
        for (var i = 0; i < 600; i++)
        {
            if (run._process.HasExited)
            {
                throw new InvalidOperationException($"The standalone host exited with {run._process.ExitCode}:\n{run.Output}");
            }

            if (run.Output.Contains("EmailList is running", StringComparison.Ordinal))
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The standalone host did not start within 60 s:\n{run.Output}");
    }

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

    public TimeSpan TotalProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
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
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Held open by the dying process; the OS cleans temp.
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
