using System.Text.Json;
using System.Text.Json.Nodes;

namespace EmailList.Deploy.Tests;

/// <summary>Reads a synthesized CloudFormation template as JSON.</summary>
public sealed class TemplateJson(JsonNode root)
{
    public JsonNode Root { get; } = root;

    public static TemplateJson From(IDictionary<string, object> template) => new(JsonNode.Parse(JsonSerializer.Serialize(template))!);

    public JsonObject Resources => Root[nameof(Resources)]!.AsObject();

    public IEnumerable<(string Id, JsonObject Properties)> OfType(string type) =>
        Resources.Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? []));

    public (string Id, JsonObject Properties) OnlyOfType(string type) => OfType(type).Single();

    /// <summary>Statements of every AWS::IAM::Policy attached to the role, and of the role's inline policies.</summary>
    public IReadOnlyList<JsonObject> StatementsOfRole(string roleId)
    {
        var attached = OfType("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == roleId))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray());
        var inline = (Resources[roleId]!["Properties"]!["Policies"]?.AsArray() ?? [])
            .SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray());
        return [.. attached.Concat(inline).Select(s => s!.AsObject())];
    }

    /// <summary>A value that is one string or a list of them, as IAM allows for Action and Resource.</summary>
    public static IReadOnlyList<JsonNode> List(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => n!)],
        _ => [node],
    };

    public static IReadOnlyList<string> Actions(JsonObject statement) => [.. List(statement["Action"]).Select(a => (string)a!)];

    public static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    /// <summary>
    /// A value as the string CloudFormation would make of it, with placeholders for what only a deployment knows:
    /// <c>{"Ref":"X"}</c> is <c>${X}</c>, <c>{"Fn::GetAtt":["X","Arn"]}</c> is <c>${X.Arn}</c>, <c>Fn::Join</c> joins
    /// its resolved parts, <c>Fn::Sub</c> keeps its own placeholders and substitutes its variables. So an ARN built
    /// from tokens can be checked as text (wildcards, partition, path) like a literal one.
    /// </summary>
    public static string Resolve(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value => value.ToString(),
        JsonObject o when o["Ref"] is { } target => "${" + (string)target! + "}",
        JsonObject o when o["Fn::GetAtt"] is JsonArray attribute => "${" + string.Join(".", attribute.Select(a => (string)a!)) + "}",
        JsonObject o when o["Fn::Join"] is JsonArray join => string.Join((string)join[0]!, join[1]!.AsArray().Select(Resolve)),
        JsonObject o when o["Fn::Sub"] is JsonValue text => (string)text!,
        JsonObject o when o["Fn::Sub"] is JsonArray sub => sub[1]!.AsObject()
            .Aggregate((string)sub[0]!, (text, variable) => text.Replace("${" + variable.Key + "}", Resolve(variable.Value), StringComparison.Ordinal)),
        JsonObject o when o["Fn::FindInMap"] is not null => "${FindInMap}",
        _ => throw new InvalidOperationException("Cannot resolve " + node.ToJsonString()),
    };

    /// <summary>The statement's resources, resolved (<see cref="Resolve"/>).</summary>
    public static IReadOnlyList<string> ResourcesOf(JsonObject statement) => [.. List(statement["Resource"]).Select(Resolve)];
}
