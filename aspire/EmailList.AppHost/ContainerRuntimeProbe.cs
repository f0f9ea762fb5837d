using System.Diagnostics;

namespace EmailList.AppHost;

/// <summary>Whether a container runtime on this machine can start the Redis image now, and why not.</summary>
public static class ContainerRuntimeProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static (bool Works, string Reason) CanRunRedis(string image)
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } chosen
            ? chosen
            : OnPath("podman") ? "podman" : OnPath("docker") ? "docker" : null;
        if (runtime is null)
        {
            return (false, "neither podman nor docker is installed");
        }

        if (Run(runtime, "info") is { } infoError)
        {
            return (false, $"`{runtime} info` failed: {infoError}");
        }

        // podman here cannot pull (no registry access); Docker elsewhere pulls the image by itself.
        if (runtime == "podman" && Run(runtime, "image", "exists", image) is not null)
        {
            return (false, $"podman has no image {image} and cannot pull one here (.ci/setup builds it)");
        }

        return (true, $"{runtime} works");
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(directory => directory.Length > 0 && File.Exists(Path.Combine(directory, command)));

    /// <summary>Null when the command succeeded, else what went wrong.</summary>
    private static string? Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return $"no answer within {Timeout.TotalSeconds:0} s";
            }

            return process.ExitCode == 0 ? null : $"exit code {process.ExitCode} {error.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }
}
