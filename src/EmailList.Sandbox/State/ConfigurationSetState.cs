using System.Text.Json;
using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>An SES configuration set: the request that made it (echoed by GetConfigurationSet) and its event destinations.</summary>
internal sealed class ConfigurationSetState(string name, JsonElement definition)
{
    public string Name { get; } = name;

    /// <summary>The CreateConfigurationSet body (TrackingOptions, SendingOptions, Tags, ...).</summary>
    public JsonElement Definition { get; } = definition;

    public List<EventDestinationState> Destinations { get; } = [];

    public SandboxConfigurationSet ToAdmin() =>
        new(Name, [.. Destinations.Select(d => new SandboxEventDestination(d.Name, d.Enabled, d.MatchingEventTypes, d.EventBusArn))]);
}

/// <summary>A configuration set's event destination; <see cref="Definition"/> is the EventDestination as given, echoed back by GetConfigurationSetEventDestinations.</summary>
internal sealed record EventDestinationState(string Name, bool Enabled, IReadOnlyList<string> MatchingEventTypes, string? EventBusArn, JsonElement Definition);
