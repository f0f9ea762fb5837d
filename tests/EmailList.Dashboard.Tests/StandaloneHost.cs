using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EmailList.Dashboard.Tests;

/// <summary>The standalone binary (dashboard included) in its own process, on free loopback ports and a temporary data directory.</summary>
public sealed class StandaloneHost : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public Uri SendApiUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri SandboxUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri QueryApiUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri DashboardUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("emaillist-dashboard-").FullName;

    /// <summary>More command-line settings (--Key=value), added after the ports and data directory.</summary>
    public IList<string> Settings { get; } = [];

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

    /// <summary>A client of <paramref name="baseAddress"/> with a token from GET /_dev/token?<paramref name="tokenQuery"/>.</summary>
    public async Task<HttpClient> ClientAsync(Uri baseAddress, string tokenQuery)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(tokenQuery));
        return client;
    }

    public async Task<string> TokenAsync(string tokenQuery)
    {
        using var tokens = new HttpClient { BaseAddress = SendApiUrl };
        return (await tokens.GetFromJsonAsync<JsonElement>($"/_dev/token?{tokenQuery}")).GetProperty("accessToken").GetString()!;
    }

    public async Task StartAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "EmailList.Standalone.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll,
                $"--Standalone:SendApiUrl={Trim(SendApiUrl)}",
                $"--Standalone:SandboxUrl={Trim(SandboxUrl)}",
                $"--Standalone:IngesterUrl=http://127.0.0.1:{FreePort()}",
                $"--Standalone:QueryApiUrl={Trim(QueryApiUrl)}",
                $"--Standalone:DispatcherUrl=http://127.0.0.1:{FreePort()}",
                $"--Standalone:DashboardUrl={Trim(DashboardUrl)}",
                $"--Standalone:DataDirectory={DataDirectory}",
                "--Logging:LogLevel:Default=Warning",
            },
            WorkingDirectory = DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var setting in Settings)
        {
            start.ArgumentList.Add(setting);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (!Output.Contains("EmailList is running", StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The standalone host exited with {_process.ExitCode}:\n{Output}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"The standalone host did not start within 60 s:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temp directory is cleaned by the OS.
        }
    }

    private static string Trim(Uri uri) => uri.AbsoluteUri.TrimEnd('/');

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

    /// <summary>A free port below Linux's ephemeral range (32768-60999), as the Standalone tests pick theirs.</summary>
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
