using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmailList.Sandbox.Admin;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox.Events;

/// <summary>
/// EventBridge over JSON 1.1 (<c>POST /</c>, <c>X-Amz-Target: AWSEvents.*</c>, SigV4 service "events"): DescribeEventBus, PutRule,
/// DescribeRule, PutTargets and ListTargetsByRule, on the buses of the caller's account and region; StartReplay and DescribeReplay on the
/// platform bus's archive. The platform bus's resource policy is fixed (one statement, as the platform stack writes it): no PutPermission.
/// </summary>
internal static partial class EventBridgeEndpoints
{
    private const string TargetPrefix = "AWSEvents.";
    private const int MaxTargetsPerRule = 5;

    public static readonly SigV4Protocol Protocol = new("events", "ExpiredTokenException", failure => EventBridgeJson.Error(AuthError(failure)));

    public static bool IsEventBridge(HttpRequest request) => request.Headers.ContainsKey("X-Amz-Target");

    public static IResult Handle(HttpContext context, SandboxWorld world, SandboxOptions options, ILogger logger)
    {
        var request = VerifiedRequest.From(context);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : string.Empty;
        JsonObject input;
        try
        {
            input = request.Body.Length == 0 ? [] : JsonNode.Parse(request.Body) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return EventBridgeJson.Error("SerializationException", "The request body is not a JSON object.");
        }

        var call = new Call(request.Caller, operation, input, world, logger);
        lock (world.Forwarding.Gate)
        {
            return operation switch
            {
                "DescribeEventBus" => DescribeEventBus(call),
                "PutRule" => PutRule(call),
                "DescribeRule" => DescribeRule(call),
                "PutTargets" => PutTargets(call),
                "ListTargetsByRule" => ListTargetsByRule(call),
                "StartReplay" => StartReplay(call, context.RequestServices.GetRequiredService<SesEventPublisher>(), context.RequestServices.GetRequiredService<TimeProvider>()),
                "DescribeReplay" => DescribeReplay(call),
                _ => EventBridgeJson.Error("UnknownOperationException", $"The sandbox does not emulate EventBridge operation '{target}'."),
            };
        }
    }

    private static IResult DescribeEventBus(Call call)
    {
        if (call.Bus("Name", out var bus) is { } missing)
        {
            return missing;
        }

        if (call.Admit(bus.Arn) is { } refused)
        {
            return refused;
        }

        var output = new JsonObject { ["Name"] = bus.Name, ["Arn"] = bus.Arn };
        if (bus.Policy.Count > 0)
        {
            output["Policy"] = PolicyDocument(bus).ToJsonString();
        }

        return EventBridgeJson.Ok(output);
    }

    private static IResult PutRule(Call call)
    {
        if (call.Bus("EventBusName", out var bus) is { } missing)
        {
            return missing;
        }

        var name = call.Text("Name");
        if (name is null || !NamePattern().IsMatch(name))
        {
            return Validation($"1 validation error detected: Value {(name is null ? "null" : $"'{name}'")} at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+ and have length between 1 and 64");
        }

        if (call.Admit(bus.RuleArn(name)) is { } refused)
        {
            return refused;
        }

        var patternText = call.Text("EventPattern");
        var schedule = call.Text("ScheduleExpression");
        if (patternText is null && schedule is null)
        {
            return Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }

        if (schedule is not null && bus.Name != ForwardingState.DefaultBus)
        {
            return Validation("ScheduleExpression is supported only on the default event bus.");
        }

        EventPattern? pattern = null;
        if (patternText is not null && !EventPattern.TryParse(patternText, out pattern, out var reason))
        {
            return EventBridgeJson.Error("InvalidEventPatternException", $"Event pattern is not valid. Reason: {reason}");
        }

        var state = call.Text("State") ?? "ENABLED";
        if (state is not ("ENABLED" or "DISABLED" or "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"))
        {
            return Validation($"1 validation error detected: Value '{state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
        }

        if (!bus.Rules.TryGetValue(name, out var rule))
        {
            rule = new EventRuleState(name, bus.RuleArn(name));
            bus.Rules[name] = rule;
        }

        rule.EventPatternText = patternText;
        rule.Pattern = pattern;
        rule.ScheduleExpression = schedule;
        rule.State = state;
        rule.Description = call.Text("Description");
        rule.RoleArn = call.Text("RoleArn");
        return EventBridgeJson.Ok(new JsonObject { ["RuleArn"] = rule.Arn });
    }

    private static IResult DescribeRule(Call call)
    {
        if (call.Rule("Name", out var bus, out var rule) is { } problem)
        {
            return problem;
        }

        var output = new JsonObject
        {
            ["Name"] = rule.Name,
            ["Arn"] = rule.Arn,
            ["EventPattern"] = rule.EventPatternText,
            ["ScheduleExpression"] = rule.ScheduleExpression,
            ["State"] = rule.State,
            ["Description"] = rule.Description,
            ["RoleArn"] = rule.RoleArn,
            ["EventBusName"] = bus.Name,
            ["CreatedBy"] = bus.AccountId,
        };
        foreach (var empty in output.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            output.Remove(empty);
        }

        return EventBridgeJson.Ok(output);
    }

    private static IResult PutTargets(Call call)
    {
        if (call.Rule("Rule", out _, out var rule) is { } problem)
        {
            return problem;
        }

        if (call.Input["Targets"] is not JsonArray { Count: > 0 and <= 10 } targets)
        {
            return Validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10");
        }

        var accepted = new List<(string Id, string Arn, string? RoleArn, JsonElement Definition)>();
        foreach (var node in targets)
        {
            var id = node?["Id"] is JsonValue idValue && idValue.TryGetValue<string>(out var idText) ? idText : null;
            var arn = node?["Arn"] is JsonValue arnValue && arnValue.TryGetValue<string>(out var arnText) ? arnText : null;
            var roleArn = node?["RoleArn"] is JsonValue roleValue && roleValue.TryGetValue<string>(out var roleText) ? roleText : null;
            if (id is null || !NamePattern().IsMatch(id) || arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
            {
                return Validation("Every target needs an Id ([\\.\\-_A-Za-z0-9]+, up to 64 characters) and an Arn.");
            }

            // A bus in another region is reached only through a role EventBridge assumes.
            if (BusArnPattern().Match(arn) is { Success: true } busArn && busArn.Groups["region"].Value != call.Caller.Region && roleArn is null)
            {
                return Validation($"RoleArn is required for target {arn}.");
            }

            if (roleArn is not null && IamAuthorizer.Denial(call.Caller, "iam:PassRole", call.World) is { } because)
            {
                return EventBridgeJson.Error("AccessDeniedException", IamAuthorizer.Message(call.Caller, "iam:PassRole", roleArn, because));
            }

            accepted.Add((id, arn, roleArn, JsonSerializer.SerializeToElement(node)));
        }

        var failed = new JsonArray();
        foreach (var target in accepted)
        {
            var existing = rule.Targets.FindIndex(t => t.Id == target.Id);
            if (existing >= 0)
            {
                rule.Targets[existing] = target;
            }
            else if (rule.Targets.Count >= MaxTargetsPerRule)
            {
                failed.Add(new JsonObject
                {
                    ["TargetId"] = target.Id,
                    ["ErrorCode"] = "LimitExceededException",
                    ["ErrorMessage"] = $"The requested resource exceeds the maximum number allowed: a rule has at most {MaxTargetsPerRule} targets.",
                });
            }
            else
            {
                rule.Targets.Add(target);
            }
        }

        return EventBridgeJson.Ok(new JsonObject { ["FailedEntryCount"] = failed.Count, ["FailedEntries"] = failed });
    }

    private static IResult ListTargetsByRule(Call call)
    {
        if (call.Rule("Rule", out _, out var rule) is { } problem)
        {
            return problem;
        }

        var limit = 100;
        if (call.Input["Limit"] is JsonValue limitValue && (!limitValue.TryGetValue(out limit) || limit is < 1 or > 100))
        {
            return Validation("1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
        }

        var offset = 0;
        if (call.Text("NextToken") is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return Validation("The NextToken is not one this service issued.");
        }

        var page = new JsonArray([.. rule.Targets.Skip(offset).Take(limit).Select(t => JsonNode.Parse(t.Definition.GetRawText()))]);
        var output = new JsonObject { ["Targets"] = page };
        if (offset + limit < rule.Targets.Count)
        {
            output["NextToken"] = (offset + limit).ToString(CultureInfo.InvariantCulture);
        }

        return EventBridgeJson.Ok(output);
    }

    private static IResult StartReplay(Call call, SesEventPublisher publisher, TimeProvider time)
    {
        var archive = call.World.Archive;
        var name = call.Text("ReplayName");
        if (name is null || !NamePattern().IsMatch(name))
        {
            return Validation($"1 validation error detected: Value {(name is null ? "null" : $"'{name}'")} at 'replayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        }

        if (call.Admit(archive.Arn) is { } refused)
        {
            return refused;
        }

        var source = call.Text("EventSourceArn");
        if (source != archive.Arn || call.Caller.AccountId != call.World.Forwarding.PlatformAccountId)
        {
            return EventBridgeJson.Error("ResourceNotFoundException", $"Archive {source} does not exist.");
        }

        var destination = call.Input["Destination"] is JsonObject d && d["Arn"] is JsonValue arnValue && arnValue.TryGetValue<string>(out var arn) ? arn : null;
        if (destination is null)
        {
            return Validation("1 validation error detected: Value null at 'destination' failed to satisfy constraint: Member must not be null");
        }

        if (destination != archive.BusArn)
        {
            return Validation($"Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted; replay to {archive.BusArn}.");
        }

        if (Timestamp(call.Input["EventStartTime"]) is not { } start || Timestamp(call.Input["EventEndTime"]) is not { } end)
        {
            return Validation("Parameter(s) EventStartTime and EventEndTime must be specified.");
        }

        if (start >= end)
        {
            return Validation("Parameter EventStartTime is not valid. Reason: EventStartTime must be before EventEndTime.");
        }

        var now = time.GetUtcNow();
        if (end > now)
        {
            return Validation("Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.");
        }

        var bodies = archive.ForReplay(name, start, end);
        var replay = new ReplayRecord(name, $"arn:aws:events:{call.Caller.Region}:{call.Caller.AccountId}:replay/{name}", archive.Arn, destination,
            start, end, now, now, bodies.Count);
        if (!archive.TryAddReplay(replay))
        {
            return EventBridgeJson.Error("ResourceAlreadyExistsException", $"Replay {name} already exists.");
        }

        // EventBridge replays in the background and reports STARTING; the sandbox hands the events to the targets now.
        publisher.Replay(bodies);
        return EventBridgeJson.Ok(new JsonObject
        {
            ["ReplayArn"] = replay.Arn,
            ["State"] = "STARTING",
            ["ReplayStartTime"] = Seconds(now),
        });
    }

    private static IResult DescribeReplay(Call call)
    {
        var name = call.Text("ReplayName");
        if (name is null)
        {
            return Validation("1 validation error detected: Value null at 'replayName' failed to satisfy constraint: Member must not be null");
        }

        if (call.Admit(call.World.Archive.Arn) is { } refused)
        {
            return refused;
        }

        if (call.Caller.AccountId != call.World.Forwarding.PlatformAccountId || call.World.Archive.FindReplay(name) is not { } replay)
        {
            return EventBridgeJson.Error("ResourceNotFoundException", $"Replay {name} does not exist.");
        }

        return EventBridgeJson.Ok(new JsonObject
        {
            ["ReplayName"] = replay.Name,
            ["ReplayArn"] = replay.Arn,
            ["State"] = "COMPLETED",
            ["EventSourceArn"] = replay.ArchiveArn,
            ["Destination"] = new JsonObject { ["Arn"] = replay.DestinationArn },
            ["EventStartTime"] = Seconds(replay.EventStartTime),
            ["EventEndTime"] = Seconds(replay.EventEndTime),
            ["EventLastReplayedTime"] = Seconds(replay.EndedAt),
            ["ReplayStartTime"] = Seconds(replay.StartedAt),
            ["ReplayEndTime"] = Seconds(replay.EndedAt),
        });
    }

    // JSON 1.1 timestamps are epoch seconds, with a fraction.
    private static DateTimeOffset? Timestamp(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)) : null;

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static JsonObject PolicyDocument(EventBusState bus) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray([.. bus.Policy.Select(s => (JsonNode)new JsonObject
        {
            ["Sid"] = s.StatementId,
            ["Effect"] = "Allow",
            ["Principal"] = s.Principal,
            ["Action"] = s.Action,
            ["Resource"] = bus.Arn,
            ["Condition"] = new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["events:source"] = s.Source },
                ["ArnLike"] = new JsonObject { ["aws:PrincipalArn"] = s.PrincipalArnLike },
            },
        })]),
    };

    private static IResult Validation(string message) => EventBridgeJson.Error("ValidationException", message);

    // JSON-protocol services answer signature problems with their own codes, all 400.
    private static AwsError AuthError(AwsError failure) => failure.Code switch
    {
        "MissingAuthenticationToken" => new AwsError(400, "MissingAuthenticationTokenException", failure.Message),
        "IncompleteSignature" => new AwsError(400, "IncompleteSignatureException", failure.Message),
        "InvalidClientTokenId" => new AwsError(400, "UnrecognizedClientException", failure.Message),
        "SignatureDoesNotMatch" => new AwsError(400, "InvalidSignatureException", failure.Message),
        _ => failure with { StatusCode = 400 },
    };

    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^arn:aws:events:(?<region>[a-z0-9-]+):(?<account>\d{12}):event-bus/(?<name>[A-Za-z0-9._\-/]+)$")]
    internal static partial Regex BusArnPattern();

    /// <summary>One EventBridge call: the caller, its input, and checks shared by the operations. Runs under <see cref="ForwardingState.Gate"/>.</summary>
    private sealed class Call(AwsCaller caller, string operation, JsonObject input, SandboxWorld world, ILogger logger)
    {
        public AwsCaller Caller { get; } = caller;

        public JsonObject Input { get; } = input;

        public SandboxWorld World { get; } = world;

        public string? Text(string member) => Input[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        /// <summary>The caller's permission for this operation on <paramref name="resource"/>, then injected faults; null means go ahead.</summary>
        public IResult? Admit(string resource)
        {
            var action = "events:" + operation;
            if (IamAuthorizer.Denial(Caller, action, World) is { } because)
            {
                SandboxLog.OperationRefused(logger, operation, Caller.AccountId, "AccessDeniedException");
                return EventBridgeJson.Error("AccessDeniedException", IamAuthorizer.Message(Caller, action, resource, because));
            }

            if (World.Faults.Take(Caller.AccountId, operation) is { } fault)
            {
                SandboxLog.FaultInjected(logger, operation, Caller.AccountId, fault.StatusCode, fault.ErrorCode);
                return EventBridgeJson.Error(fault.ErrorCode, fault.Message, fault.StatusCode);
            }

            return null;
        }

        /// <summary>The bus a name or ARN member names (default: "default"), in the caller's account and region; null when found.</summary>
        public IResult? Bus(string member, out EventBusState bus)
        {
            bus = null!;
            var name = Text(member) is { Length: > 0 } given ? given : ForwardingState.DefaultBus;
            if (BusArnPattern().Match(name) is { Success: true } arn)
            {
                if (arn.Groups["account"].Value != Caller.AccountId)
                {
                    // Only the owner may change a bus: another account's bus is refused as a resource policy would.
                    var action = "events:" + operation;
                    return EventBridgeJson.Error("AccessDeniedException",
                        IamAuthorizer.Message(Caller, action, name, $"no resource-based policy allows the {action} action"));
                }

                if (arn.Groups["region"].Value != Caller.Region)
                {
                    return EventBridgeJson.Error("ValidationException", "Cross-region API call is not allowed.");
                }

                name = arn.Groups["name"].Value;
            }

            if (!World.Forwarding.Regional(Caller.AccountId, Caller.Region).Buses.TryGetValue(name, out var found))
            {
                return EventBridgeJson.Error("ResourceNotFoundException", $"Event bus {name} does not exist.");
            }

            bus = found;
            return null;
        }

        /// <summary>The rule a member names on the bus <c>EventBusName</c> names, after the permission check; null when found and allowed.</summary>
        public IResult? Rule(string member, out EventBusState bus, out EventRuleState rule)
        {
            rule = null!;
            if (Bus("EventBusName", out bus) is { } missing)
            {
                return missing;
            }

            var name = Text(member);
            if (name is null)
            {
                return Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must not be null");
            }

            if (Admit(bus.RuleArn(name)) is { } refused)
            {
                return refused;
            }

            if (!bus.Rules.TryGetValue(name, out var found))
            {
                return EventBridgeJson.Error("ResourceNotFoundException", $"Rule {name} does not exist on EventBus {bus.Name}.");
            }

            rule = found;
            return null;
        }
    }
}
