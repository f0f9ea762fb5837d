using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Events;
using EmailList.Sandbox.Sqs;
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

    private readonly ConcurrentDictionary<string, SesAccountState> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AccountId, string Region), SesAccountState> _freshRegions = new();
    private readonly ConcurrentDictionary<string, RoleRegistration> _roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StsSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SandboxAccountSettings> _accountsSet = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly SandboxStateFile? _stateFile;
    private int _sessionsSincePrune;

    public SandboxWorld(TimeProvider timeProvider, IOptions<SandboxOptions> options)
    {
        _timeProvider = timeProvider;
        Forwarding = new(options.Value.PlatformAccountId, options.Value.Region, options.Value.PlatformEventBusName);
        Queues = new SqsQueues(options.Value, timeProvider);
        Archive = new EventArchive(options.Value.PlatformAccountId, options.Value.Region, options.Value.PlatformEventBusName);
        if (options.Value.StateFile is { Length: > 0 } path)
        {
            _stateFile = new SandboxStateFile(path);
            var saved = _stateFile.Load();
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

    public RecipientTally Recipients { get; } = new();

    public EventLog Events { get; } = new();

    public ForwardingState Forwarding { get; }

    /// <summary>The platform account's SQS queues (the platform bus's rule targets the first).</summary>
    public SqsQueues Queues { get; }

    /// <summary>Every event that reached the platform bus, for StartReplay.</summary>
    public EventArchive Archive { get; }

    public SesAccountState Account(string accountId) =>
        _accounts.GetOrAdd(accountId, id => new SesAccountState(id, new SandboxAccountSettings(), _timeProvider.GetUtcNow()));

    /// <summary>The account's SES as a caller signed for <paramref name="region"/> sees it: the account's own where SES is set up, else a fresh account of that region.</summary>
    public SesAccountState SesAccount(string accountId, string region)
    {
        var account = Account(accountId);
        return account.Settings.IsSetUpIn(region)
            ? account
            : _freshRegions.GetOrAdd((accountId, region), key => new SesAccountState(key.AccountId, SandboxAccountSettings.FreshRegion, _timeProvider.GetUtcNow()));
    }

    public SesAccountState? FindAccount(string accountId) => _accounts.GetValueOrDefault(accountId);

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
        var removed = _roles.TryRemove(roleArn, out _);
        Save();
        return removed;
    }

    /// <summary>The registered roles, as the admin API took them.</summary>
    public IReadOnlyList<SandboxRole> Roles() =>
        [.. _roles.Values.OrderBy(r => r.RoleArn, StringComparer.Ordinal).Select(ToAdmin)];

    public RoleRegistration? FindRole(string roleArn) => _roles.GetValueOrDefault(roleArn);

    public void AddSession(StsSession session)
    {
        _sessions[session.AccessKeyId] = session;
        if (Interlocked.Increment(ref _sessionsSincePrune) % 1000 == 0)
        {
            var cutoff = _timeProvider.GetUtcNow() - ExpiredSessionRetention;
            foreach (var (key, old) in _sessions)
            {
                if (old.Expiration < cutoff)
                {
                    _sessions.TryRemove(key, out _);
                }
            }
        }
    }

    public StsSession? FindSession(string accessKeyId) => _sessions.GetValueOrDefault(accessKeyId);

    /// <summary>Clears outbox, published events, counters, faults, sessions and sending history; with <paramref name="all"/> also accounts and roles.</summary>
    public void Reset(bool all)
    {
        Outbox.Clear();
        Events.Clear();
        Queues.Purge();
        Archive.Clear();
        Counters.Clear();
        Recipients.Clear();
        Faults.Clear();
        _sessions.Clear();
        if (all)
        {
            _accounts.Clear();
            _accountsSet.Clear();
            _freshRegions.Clear();
            _roles.Clear();
            Forwarding.Clear();
            Save();
            return;
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var account in _accounts.Values.Concat(_freshRegions.Values))
        {
            account.ForgetSending(now);
        }
    }

    private SesAccountState PutAccountInMemory(string accountId, SandboxAccountSettings settings)
    {
        var now = _timeProvider.GetUtcNow();
        var account = _accounts.GetOrAdd(accountId, id => new SesAccountState(id, settings, now));
        account.Apply(settings, now);
        _accountsSet[accountId] = settings;
        return account;
    }

    private RoleRegistration PutRoleInMemory(SandboxRole role, string accountId, string roleName, string platformAccountId)
    {
        Account(accountId);
        var registration = new RoleRegistration(role.RoleArn, accountId, roleName, RoleId(role.RoleArn),
            role.TrustedAccountId ?? platformAccountId, role.ExternalId, role.MaxSessionDurationSeconds, role.Permissions ?? SandboxRole.DefaultPermissions);
        _roles[role.RoleArn] = registration;
        return registration;
    }

    // The whole file on every admin change: a handful of accounts and roles, set by hand or by tests.
    private void Save() =>
        _stateFile?.Save(() => new SandboxStateFile.SavedState(
            [.. _accountsSet.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new SandboxStateFile.SavedAccount(a.Key, a.Value))],
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
