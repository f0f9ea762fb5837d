using System.Diagnostics;

namespace EmailList.Bench.Broadcast;

/// <summary>
/// A built service (<c>dotnet X.dll</c>) in its own process, configured through environment variables as a deployment
/// configures it. Keeps the last lines of its output and counts the lines that matter to the figures.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Queue<string> _lines = new();
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _startedMarker;
    private TimeSpan _lastProcessorTime;
    private long _throttledLines;
    private long _lostClaimLines;

    private ServiceProcess(string name, string dll, string url, IEnumerable<KeyValuePair<string, string?>> configuration, string startedMarker)
    {
        Name = name;
        Url = url;
        _startedMarker = startedMarker;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", url },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in configuration)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"The {name} did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Url { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Mails the dispatcher gave back because SES throttled them past its client's own retries.</summary>
    public long ThrottledMails => Interlocked.Read(ref _throttledLines);

    /// <summary>Mails SES accepted whose claim was lost before they were marked sent (the one window for a repeat).</summary>
    public long LostClaims => Interlocked.Read(ref _lostClaimLines);

    /// <summary>CPU the process used so far; after it was killed, what it had used when last read.</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            if (!_process.HasExited)
            {
                _process.Refresh();
                _lastProcessorTime = _process.TotalProcessorTime;
            }

            return _lastProcessorTime;
        }
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    /// <summary>Starts <paramref name="dll"/> and waits until its output shows <paramref name="startedMarker"/>.</summary>
    public static async Task<ServiceProcess> StartAsync(
        string name, string dll, string url, IEnumerable<KeyValuePair<string, string?>> configuration, string startedMarker, TimeSpan timeout)
    {
        var service = new ServiceProcess(name, dll, url, configuration, startedMarker);
        var done = await Task.WhenAny(service._started.Task, Task.Delay(timeout), service._process.WaitForExitAsync());
        if (done != service._started.Task)
        {
            var output = service.Output;
            await service.DisposeAsync();
            throw new InvalidOperationException($"The {name} did not start within {timeout.TotalSeconds} s (or exited):\n{output}");
        }

        return service;
    }

    /// <summary>SIGKILL: no shutdown, no claim given back, sends in flight cut off.</summary>
    public async Task KillAsync()
    {
        _ = TotalProcessorTime;
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

        if (line.Contains("SES throttled scheduled mail", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _throttledLines);
        }
        else if (line.Contains("but the claim was lost before it was marked sent", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _lostClaimLines);
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }

        if (line.Contains(_startedMarker, StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
