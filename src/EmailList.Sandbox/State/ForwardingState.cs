using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>
/// The regional AWS resources on the way from SES to the platform: configuration sets, event buses with their policies, rules
/// and targets, per (account, region). One lock guards all of it: hold <see cref="Gate"/> while calling <see cref="Regional"/>
/// or touching what it returns.
/// </summary>
internal sealed class ForwardingState(string platformAccountId, string platformRegion, string platformBusName)
{
    public const string DefaultBus = "default";

    private readonly Dictionary<(string AccountId, string Region), RegionalResources> _regions = [];

    public Lock Gate { get; } = new();

    public string PlatformAccountId => platformAccountId;

    public string PlatformBusArn => EventBusState.ArnOf(platformAccountId, platformRegion, platformBusName);

    /// <summary>The account's resources in a region (created on first use, with its default bus and, for the platform, the platform bus).</summary>
    public RegionalResources Regional(string accountId, string region)
    {
        if (!_regions.TryGetValue((accountId, region), out var resources))
        {
            resources = new RegionalResources(accountId, region);
            if (accountId == platformAccountId && region == platformRegion)
            {
                var platformBus = new EventBusState(platformBusName, accountId, region);
                platformBus.Policy.Add(SandboxBusStatement.Platform);
                resources.Buses[platformBusName] = platformBus;
            }

            _regions[(accountId, region)] = resources;
        }

        return resources;
    }

    public SandboxForwarding ToAdmin(string accountId, string region, bool sesSetUp)
    {
        lock (Gate)
        {
            var resources = Regional(accountId, region);
            return new SandboxForwarding(accountId, region, sesSetUp,
                [.. resources.ConfigurationSets.Values.Select(c => c.ToAdmin())],
                [.. resources.Buses.Values.Select(b => b.ToAdmin())]);
        }
    }

    public SandboxEventBus PlatformBus()
    {
        lock (Gate)
        {
            return Regional(platformAccountId, platformRegion).Buses[platformBusName].ToAdmin();
        }
    }

    public void Clear()
    {
        lock (Gate)
        {
            _regions.Clear();
        }
    }
}
