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
}
