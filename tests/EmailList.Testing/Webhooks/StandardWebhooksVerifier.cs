using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EmailList.Testing.Webhooks;

/// <summary>
/// Verifies deliveries with the <c>standardwebhooks</c> npm package (tools/node/verify-webhooks.js), an implementation
/// independent of the one that signs them. Fails, never skips, when node or the package is missing.
/// </summary>
public static class StandardWebhooksVerifier
{
    /// <summary>For each delivery, null when its signature verifies with <paramref name="secret"/>, else why not.</summary>
    /// <param name="ignoreTimestamp">For tests on a fake clock: check the signature only, not that the timestamp is recent.</param>
    public static async Task<IReadOnlyList<string?>> VerifyAsync(IReadOnlyList<ReceivedWebhook> deliveries, string secret, bool ignoreTimestamp = false)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return [];
        }

        var script = Path.Combine(RepositoryRoot.Path, "tools", "node", "verify-webhooks.js");
        if (!Directory.Exists(Path.Combine(RepositoryRoot.Path, "tools", "node", "node_modules", "standardwebhooks")))
        {
            throw new InvalidOperationException("standardwebhooks is not installed; run `(cd tools/node && npm ci --no-audit --no-fund)`.");
        }

        var input = new JsonArray([.. deliveries.Select(d => (JsonNode)new JsonObject
        {
            ["secret"] = secret,
            ["id"] = d.Id,
            ["timestamp"] = d.Timestamp,
            ["signature"] = d.Signature,
            ["payload"] = d.Payload,
            ["ignoreTimestamp"] = ignoreTimestamp,
        })]);
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"verify-webhooks.js failed ({process.ExitCode}): {await error}");
        }

        using var results = JsonDocument.Parse(await output);
        return [.. results.RootElement.EnumerateArray().Select(r => r.GetProperty("ok").GetBoolean() ? null : r.GetProperty("error").GetString() ?? "not verified")];
    }
}
