using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace EmailList.Dispatcher.Tests;

/// <summary>
/// The built EmailList.Dispatcher.dll in its own <c>dotnet</c> process, configured through environment variables as a
/// deployment configures it; <see cref="Kill"/> ends it with SIGKILL, as a crash or an OOM kill would.
/// </summary>
public sealed partial class DispatcherProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _owner = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DispatcherProcess(IEnumerable<KeyValuePair<string, string?>> configuration)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "EmailList.Dispatcher.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in configuration)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Its claim owner (<c>host/pid/guid</c>), as it logged it at start.</summary>
    public string Owner => _owner.Task.IsCompletedSuccessfully ? _owner.Task.Result : throw new InvalidOperationException("Not started yet.");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>Starts the dispatcher and waits until its loop has started (it logged its owner).</summary>
    public static async Task<DispatcherProcess> StartAsync(IEnumerable<KeyValuePair<string, string?>> configuration, TimeSpan timeout)
    {
        var process = new DispatcherProcess(configuration);
        var started = await Task.WhenAny(process._owner.Task, Task.Delay(timeout), process._process.WaitForExitAsync());
        if (started != process._owner.Task)
        {
            var output = process.Output;
            await process.DisposeAsync();
            throw new TimeoutException($"The dispatcher did not start within {timeout.TotalSeconds} s (or exited):\n{output}");
        }

        return process;
    }

    /// <summary>SIGKILL to the process (and any children): no shutdown, no claim given back, sends in flight cut off.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
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

        if (StartedLine().Match(line) is { Success: true } match)
        {
            _owner.TrySetResult(match.Groups["owner"].Value);
        }
    }

    [GeneratedRegex(@"Dispatcher (?<owner>\S+/\d+/[0-9a-f]{32}) started")]
    private static partial Regex StartedLine();
}
