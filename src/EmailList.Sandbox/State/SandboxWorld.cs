using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Events;
using Microsoft.Extensions.Options;

namespace EmailList.Sandbox.State;

/// <summary>Everything the sandbox remembers, in memory: accounts, roles, sessions, faults, the outbox, published events, counters and the forwarding resources.</summary>
internal sealed class SandboxWorld(TimeProvider timeProvider, IOptions<SandboxOptions> options)
{
    // Sessions expired this long ago are forgotten (their key then reads as unknown, not expired).
    private static readonly TimeSpan ExpiredSessionRetention = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, SesAccountState> accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AccountId, string Region), SesAccountState> freshRegions = new();
    private readonly ConcurrentDictionary<string, RoleRegistration> roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StsSession> sessions = new(StringComparer.Ordinal);
    private int sessionsSincePrune;

    public FaultBook Faults { get; } = new();

    public Outbox Outbox { get; } = new();

    public SandboxCounters Counters { get; } = new();

    public EventLog Events { get; } = new();

    public ForwardingState Forwarding { get; } = new(options.Value.PlatformAccountId, options.Value.Region, options.Value.PlatformEventBusName);

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
        var now = timeProvider.GetUtcNow();
        var account = accounts.GetOrAdd(accountId, id => new SesAccountState(id, settings, now));
        account.Apply(settings, now);
        return account;
    }

    public RoleRegistration PutRole(SandboxRole role, string accountId, string roleName, string platformAccountId)
    {
        Account(accountId);
        var registration = new RoleRegistration(role.RoleArn, accountId, roleName, RoleId(role.RoleArn),
            role.TrustedAccountId ?? platformAccountId, role.ExternalId, role.MaxSessionDurationSeconds, role.Permissions ?? SandboxRole.DefaultPermissions);
        roles[role.RoleArn] = registration;
        return registration;
    }

    public bool RemoveRole(string roleArn) => roles.TryRemove(roleArn, out _);

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
            freshRegions.Clear();
            roles.Clear();
            Forwarding.Clear();
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var account in accounts.Values.Concat(freshRegions.Values))
        {
            account.ForgetSending(now);
        }
    }

    // Role ids are AROA + 17 characters, stable for a given ARN.
    private static string RoleId(string roleArn)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(roleArn));
        return "AROA" + new string([.. hash.Take(17).Select(b => alphabet[b % alphabet.Length])]);
    }
}
