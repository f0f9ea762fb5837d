using System.Text.Json;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.State;

namespace EmailList.Sandbox.Events;

/// <summary>
/// Whether an SES event would reach the platform bus in AWS: a configuration set with an enabled EventBridge destination for its type,
/// an enabled matching rule on the tenant's default bus with a target on the platform bus, and a target role the platform bus policy
/// lets in (a forwarder role under the IAM path /emaillist/; the policy has no per-tenant statement). The first missing link is the reason it stops.
/// </summary>
internal static class ForwardingGate
{
    /// <returns>Null when the event gets through; else a reason code and what is missing.</returns>
    public static (string Reason, string Detail)? Stop(SandboxWorld world, SandboxOptions options, OutboxMessage message, JsonElement sesEvent)
    {
        var eventType = sesEvent.GetProperty("detail").GetProperty("eventType").GetString()!.ToUpperInvariant();
        var region = message.Region ?? options.Events.Region;
        if (message.ConfigurationSetName is not { } setName)
        {
            return ("no-configuration-set", "The message was sent without a configuration set, so SES published no event.");
        }

        var forwarding = world.Forwarding;
        lock (forwarding.Gate)
        {
            var tenant = forwarding.Regional(message.AccountId, region);
            if (!tenant.ConfigurationSets.TryGetValue(setName, out var set))
            {
                return ("configuration-set-not-found", $"Configuration set {setName} does not exist in {message.AccountId}/{region}.");
            }

            if (!set.Destinations.Any(d => d.Enabled && d.EventBusArn is not null && d.MatchingEventTypes.Contains(eventType, StringComparer.Ordinal)))
            {
                return ("no-event-destination", $"Configuration set {setName} has no enabled EventBridge destination for {eventType} events.");
            }

            var rules = tenant.Buses[ForwardingState.DefaultBus].Rules.Values
                .Where(r => r.State.StartsWith("ENABLED", StringComparison.Ordinal) && r.Pattern is not null && r.Pattern.Matches(sesEvent))
                .ToList();
            if (rules.Count == 0)
            {
                return ("no-matching-rule", $"No enabled rule on the default bus of {message.AccountId}/{region} matches the event.");
            }

            var platformBusArn = forwarding.PlatformBusArn;
            var targets = rules.SelectMany(r => r.Targets).Where(t => t.Arn == platformBusArn).ToList();
            if (targets.Count == 0)
            {
                return ("no-target", $"No matching rule targets the platform bus {platformBusArn}.");
            }

            if (region != options.Region && targets.All(t => t.RoleArn is null))
            {
                return ("target-role-missing", $"The platform bus is in {options.Region} and the events in {region}: the target needs a RoleArn.");
            }

            // EventBridge puts the event on the platform bus as the target's role (or as the account, without one); the bus
            // policy lets in aws.ses events from forwarder roles under /emaillist/ alone.
            var platformBus = forwarding.Regional(options.PlatformAccountId, options.Region).Buses[options.PlatformEventBusName];
            var source = sesEvent.GetProperty("source").GetString() ?? string.Empty;
            if (!targets.Any(t => platformBus.AllowsPutEvents(message.AccountId, t.RoleArn, source)))
            {
                var roles = string.Join(", ", targets.Select(t => t.RoleArn ?? "(no RoleArn)"));
                return ("bus-policy-denies",
                    $"The platform bus policy lets in aws.ses events put by a role like {SandboxBusStatement.ForwarderRoleArnPattern} only; the targets' roles: {roles}.");
            }
        }

        return null;
    }
}
