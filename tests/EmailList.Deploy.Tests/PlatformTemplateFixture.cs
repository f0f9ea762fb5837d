using Amazon.CDK;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace EmailList.Deploy.Tests;

/// <summary>Synthesizes the platform app once (from context, as `cdk synth` does) for its test class.</summary>
public sealed class PlatformTemplateFixture
{
    public const string Domain = "emaillist.example.com";
    public const string TablePrefix = "test-";

    /// <summary>The published customer template's key, which the query API presigns.</summary>
    public const string TemplateKey = "customer-onboarding/v1.template.json";

    public PlatformTemplateFixture()
    {
        JsiiNode.SilenceVersionWarnings();
        App = PlatformApp.Create(new Dictionary<string, object>
        {
            ["domainName"] = Domain,
            ["certificateArn"] = "arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000",
            ["sendApiImage"] = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-sendapi:1.0.0",
            ["eventIngesterImage"] = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-eventingester:1.0.0",
            ["queryApiImage"] = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-queryapi:1.0.0",
            ["dispatcherImage"] = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-dispatcher:1.0.0",
            ["authIssuer"] = "https://login.example.com/",
            ["tablePrefix"] = TablePrefix,
            ["onboardingTemplateKey"] = TemplateKey,
        });
        Stack = (PlatformStack)App.Node.FindChild(PlatformApp.StackId);
        Template = Template.FromStack(Stack);
        Json = TemplateJson.From(Template.ToJSON());
    }

    public App App { get; }

    public PlatformStack Stack { get; }

    public Template Template { get; }

    public TemplateJson Json { get; }

    /// <summary>The logical id of the queue the ingester polls.</summary>
    public string IngestQueueId => Json.OfType("AWS::SQS::Queue").Single(q => q.Properties["RedrivePolicy"] is not null).Id;

    public JsonObject TaskDefinition(string service) =>
        Json.OfType("AWS::ECS::TaskDefinition").Single(t => t.Id.StartsWith(service + "Task", StringComparison.Ordinal)).Properties;

    public JsonObject Container(string service) => Assert.Single(TaskDefinition(service)["ContainerDefinitions"]!.AsArray())!.AsObject();

    public IReadOnlyList<JsonObject> TaskRoleStatements(string service)
    {
        var roleId = (string)TaskDefinition(service)["TaskRoleArn"]!["Fn::GetAtt"]![0]!;
        return Json.StatementsOfRole(roleId);
    }

    /// <summary>The table names whose ARNs the statements grant DynamoDB actions on.</summary>
    public List<string> TablesReachableBy(IEnumerable<JsonObject> statements)
    {
        var tableIds = Json.OfType("AWS::DynamoDB::Table").ToDictionary(t => t.Id, t => (string)t.Properties["TableName"]!);
        var text = string.Join("\n", statements.Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))).Select(s => s.ToJsonString()));
        return [.. tableIds.Where(t => text.Contains($"\"{t.Key}\"", StringComparison.Ordinal)).Select(t => t.Value).Order(StringComparer.Ordinal)];
    }

    /// <summary>The statements among <paramref name="statements"/> that grant a DynamoDB write.</summary>
    public IEnumerable<JsonObject> Writes(IEnumerable<JsonObject> statements) =>
        statements.Where(s => TemplateJson.Actions(s).Any(a => a is "dynamodb:PutItem" or "dynamodb:UpdateItem" or "dynamodb:DeleteItem" or "dynamodb:BatchWriteItem"));
}

/// <summary>One platform synthesis for every platform test class.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformTemplateGroup : ICollectionFixture<PlatformTemplateFixture>
{
    public const string Name = "Platform template";
}
