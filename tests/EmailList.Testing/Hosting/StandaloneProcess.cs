using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EmailList.Testing.Hosting;

/// <summary>
/// The standalone binary (EmailList.Standalone.dll, which the test project must reference so it lands beside the tests) in its
/// own process, on free loopback ports and a temporary data directory. Shared by the Standalone and Dashboard suites.
/// </summary>
public sealed class StandaloneProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>
    /// Extra command-line configuration, e.g. <c>--Logging:LogLevel:Default=Warning</c>; settable until the start, since some
    /// settings name the ports above.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; set; } = [];

    public Uri SendApiUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri SandboxUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri IngesterUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri QueryApiUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri DispatcherUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
    public Uri DashboardUrl { get; } = new($"http://127.0.0.1:{FreePort()}");
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

    /// <summary>A client of <paramref name="baseAddress"/> (the send API by default) with a token from GET /_dev/token?<paramref name="tokenQuery"/>.</summary>
    public async Task<HttpClient> ClientAsync(string tokenQuery = "", Uri? baseAddress = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress ?? SendApiUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(tokenQuery));
        return client;
    }

    /// <inheritdoc cref="ClientAsync(string, Uri?)"/>
    public Task<HttpClient> ClientAsync(Uri baseAddress, string tokenQuery) => ClientAsync(tokenQuery, baseAddress);

    /// <summary>A token from the development issuer's GET /_dev/token?<paramref name="tokenQuery"/>.</summary>
    public async Task<string> TokenAsync(string tokenQuery)
    {
        using var tokens = new HttpClient { BaseAddress = SendApiUrl };
        return (await tokens.GetFromJsonAsync<JsonElement>($"/_dev/token?{tokenQuery}")).GetProperty("accessToken").GetString()!;
    }

    /// <summary>What the sandbox's SES accepted, newest first (up to 1,000).</summary>
    public async Task<IReadOnlyList<JsonElement>> OutboxAsync()
    {
        using var sandbox = new HttpClient { BaseAddress = SandboxUrl };
        return [.. (await sandbox.GetFromJsonAsync<JsonElement>("/_sandbox/outbox?limit=1000")).EnumerateArray()];
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
                $"--Standalone:DashboardUrl={DashboardUrl.AbsoluteUri.TrimEnd('/')}",
                $"--Standalone:DataDirectory={DataDirectory}",
            },
            WorkingDirectory = DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
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

        throw new TimeoutException($"The standalone host did not start within {StartTimeout.TotalSeconds} s:\n{Output}");
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
