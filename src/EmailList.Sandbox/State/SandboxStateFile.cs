using System.Text.Json;
using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>
/// The accounts and roles set through the admin API, kept in a JSON file (<see cref="SandboxOptions.StateFile"/>) so that a
/// restarted sandbox still knows the roles tenants were onboarded with. Sessions, the outbox, events and forwarding are not kept.
/// </summary>
internal sealed class SandboxStateFile(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Lock _gate = new();

    public SavedState Load()
    {
        if (!File.Exists(path))
        {
            return new SavedState([], []);
        }

        try
        {
            return JsonSerializer.Deserialize<SavedState>(File.ReadAllText(path), Json) ?? new SavedState([], []);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Sandbox:StateFile '{path}' is not a sandbox state file ({e.Message}); move it away to start afresh.", e);
        }
    }

    /// <summary>Writes the whole state through a temporary file, so a crash leaves the old file or the new one, never half of one.</summary>
    /// <param name="snapshot">Taken under the file's lock, so the last write holds every change made before it.</param>
    public void Save(Func<SavedState> snapshot)
    {
        lock (_gate)
        {
            var state = snapshot();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(state, Json));
            File.Move(temporary, path, overwrite: true);
        }
    }

    internal sealed record SavedState(IReadOnlyList<SavedAccount> Accounts, IReadOnlyList<SandboxRole> Roles);

    internal sealed record SavedAccount(string AccountId, SandboxAccountSettings Settings);
}
