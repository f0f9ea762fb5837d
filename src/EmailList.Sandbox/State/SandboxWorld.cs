using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Events;
using Microsoft.Extensions.Options;

namespace EmailList.Sandbox.State;

/// <summary>
/// Everything the sandbox remembers, in memory: accounts, roles, sessions, faults, the outbox, published events, counters and
/// the forwarding resources; with <see cref="SandboxOptions.StateFile"/>, the accounts and roles also in that file.
/// </summary>
internal sealed class SandboxWorld
{
    // Sessions expired this long ago are forgotten (their key then reads as unknown, not expired).
    private static readonly TimeSpan ExpiredSessionRetention = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, SesAccountState> accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AccountId, string Region), SesAccountState> freshRegions = new();
    private readonly ConcurrentDictionary<string, RoleRegistration> roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StsSession> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SandboxAccountSettings> accountsSet = new(StringComparer.Ordinal);
    private readonly TimeProvider timeProvider;
    private readonly SandboxStateFile? stateFile;
    private int sessionsSincePrune;

    public SandboxWorld(TimeProvider timeProvider, IOptions<SandboxOptions> options)
    {
        this.timeProvider = timeProvider;
        Forwarding = new(options.Value.PlatformAccountId, options.Value.Region, options.Value.PlatformEventBusName);
        if (options.Value.StateFile is { Length: > 0 } path)
        {
            stateFile = new SandboxStateFile(path);
            var saved = stateFile.Load();
            foreach (var account in saved.Accounts)
            {
                PutAccountInMemory(account.AccountId, account.Settings);
            }

            foreach (var role in saved.Roles)
            {
                if (RoleRegistration.TryParseArn(role.RoleArn, out var accountId, out var roleName))
                {
                    PutRoleInMemory(role, accountId, roleName, options.Value.PlatformAccountId);
                }
            }
        }
    }

    public FaultBook Faults { get; } = new();

    public Outbox Outbox { get; } = new();

    public SandboxCounters Counters { get; } = new();

    public EventLog Events { get; } = new();

    public ForwardingState Forwarding { get; }

    public SesAccountState Account(string accountId) =>
        accounts.GetOrAdd(accountId, id => new SesAccountState(id, new SandboxAccountSettings(), timeProvider.GetUtcNow()));

    /// <summary>The account's SES as a caller signed for <paramref name="region"/> sees it: the account's own where SES is set up, else a fresh account of that region.</summary>
    public SesAccountState SesAccount(string accountId, string region)
    {
        var account = Account(accountId);
        return account.Settings.IsSetUpIn(region)
            ? account
            : freshRegions.GetOrAdd((accountId, region), key => new SesAccountState(key.AccountId, SandboxAccountSettings.FreshRegion, timeProvider.GetUtcNow()));
    }

    public SesAccountState? FindAccount(string accountId) => accounts.GetValueOrDefault(accountId);

    public SesAccountState PutAccount(string accountId, SandboxAccountSettings settings)
    {
        var account = PutAccountInMemory(accountId, settings);
        Save();
        return account;
    }

    public RoleRegistration PutRole(SandboxRole role, string accountId, string roleName, string platformAccountId)
    {
        var registration = PutRoleInMemory(role, accountId, roleName, platformAccountId);
        Save();
        return registration;
    }

    public bool RemoveRole(string roleArn)
    {
        var removed = roles.TryRemove(roleArn, out _);
        Save();
        return removed;
    }

    /// <summary>The registered roles, as the admin API took them.</summary>
    public IReadOnlyList<SandboxRole> Roles() =>
        [.. roles.Values.OrderBy(r => r.RoleArn, StringComparer.Ordinal).Select(ToAdmin)];

    public RoleRegistration? FindRole(string roleArn) => roles.GetValueOrDefault(roleArn);

    public void AddSession(StsSession session)
    {
        sessions[session.AccessKeyId] = session;
        if (Interlocked.Increment(ref sessionsSincePrune) % 1000 == 0)
        {
            var cutoff = timeProvider.GetUtcNow() - ExpiredSessionRetention;
            foreach (var (key, old) in sessions)
            {
                if (old.Expiration < cutoff)
                {
                    sessions.TryRemove(key, out _);
                }
            }
        }
    }

    public StsSession? FindSession(string accessKeyId) => sessions.GetValueOrDefault(accessKeyId);

    /// <summary>Clears outbox, published events, counters, faults, sessions and sending history; with <paramref name="all"/> also accounts and roles.</summary>
    public void Reset(bool all)
    {
        Outbox.Clear();
        Events.Clear();
        Counters.Clear();
        Faults.Clear();
        sessions.Clear();
        if (all)
        {
            accounts.Clear();
            accountsSet.Clear();
            freshRegions.Clear();
            roles.Clear();
            Forwarding.Clear();
            Save();
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var account in accounts.Values.Concat(freshRegions.Values))
        {
            account.ForgetSending(now);
        }
    }

    private SesAccountState PutAccountInMemory(string accountId, SandboxAccountSettings settings)
    {
        var now = timeProvider.GetUtcNow();
        var account = accounts.GetOrAdd(accountId, id => new SesAccountState(id, settings, now));
        account.Apply(settings, now);
        accountsSet[accountId] = settings;
        return account;
    }

    private RoleRegistration PutRoleInMemory(SandboxRole role, string accountId, string roleName, string platformAccountId)
    {
        Account(accountId);
        var registration = new RoleRegistration(role.RoleArn, accountId, roleName, RoleId(role.RoleArn),
            role.TrustedAccountId ?? platformAccountId, role.ExternalId, role.MaxSessionDurationSeconds, role.Permissions ?? SandboxRole.DefaultPermissions);
        roles[role.RoleArn] = registration;
        return registration;
    }

    // The whole file on every admin change: a handful of accounts and roles, set by hand or by tests.
    private void Save() =>
        stateFile?.Save(() => new SandboxStateFile.SavedState(
            [.. accountsSet.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new SandboxStateFile.SavedAccount(a.Key, a.Value))],
            Roles()));

    private static SandboxRole ToAdmin(RoleRegistration role) =>
        new(role.RoleArn, role.ExternalId, role.TrustedAccountId, role.MaxSessionDurationSeconds, role.Permissions);

    // Role ids are AROA + 17 characters, stable for a given ARN.
    private static string RoleId(string roleArn)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(roleArn));
        return "AROA" + new string([.. hash.Take(17).Select(b => alphabet[b % alphabet.Length])]);
    }
}
