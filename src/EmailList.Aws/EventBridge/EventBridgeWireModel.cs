using System.Text.Json.Serialization;

namespace EmailList.Aws.EventBridge;

// EventBridge (awsJson1_1) wire shapes; member names are the Smithy model's.

internal sealed record ListTargetsByRuleRequest(string Rule, string EventBusName, string? NextToken);

internal sealed record ListTargetsByRuleResponse(IReadOnlyList<EventBridgeWireTarget>? Targets, string? NextToken);

internal sealed record PutRuleRequest(string Name, string EventPattern, string State, string? Description, string EventBusName);

internal sealed record PutRuleResponse(string? RuleArn);

internal sealed record PutTargetsRequest(string Rule, string EventBusName, IReadOnlyList<EventBridgeWireTarget> Targets);

internal sealed record EventBridgeWireTarget(string Id, string Arn, string? RoleArn);

internal sealed record PutTargetsResponse(int FailedEntryCount, IReadOnlyList<EventBridgeWireFailedEntry>? FailedEntries);

internal sealed record EventBridgeWireFailedEntry(string? TargetId, string? ErrorCode, string? ErrorMessage);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListTargetsByRuleRequest))]
[JsonSerializable(typeof(ListTargetsByRuleResponse))]
[JsonSerializable(typeof(PutRuleRequest))]
[JsonSerializable(typeof(PutRuleResponse))]
[JsonSerializable(typeof(PutTargetsRequest))]
[JsonSerializable(typeof(PutTargetsResponse))]
internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;
