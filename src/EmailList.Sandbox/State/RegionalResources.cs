namespace EmailList.Sandbox.State;

/// <summary>One account's configuration sets and event buses in one region; guarded by <see cref="ForwardingState.Gate"/>.</summary>
internal sealed class RegionalResources
{
    public RegionalResources(string accountId, string region)
    {
        AccountId = accountId;
        Region = region;
        Buses[ForwardingState.DefaultBus] = new EventBusState(ForwardingState.DefaultBus, accountId, region);
    }

    public string AccountId { get; }

    public string Region { get; }

    public Dictionary<string, ConfigurationSetState> ConfigurationSets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EventBusState> Buses { get; } = new(StringComparer.Ordinal);

    public string DefaultBusArn => EventBusState.ArnOf(AccountId, Region, ForwardingState.DefaultBus);
}
