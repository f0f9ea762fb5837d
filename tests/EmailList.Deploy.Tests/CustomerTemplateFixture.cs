using Amazon.CDK.Assertions;

namespace EmailList.Deploy.Tests;

/// <summary>Synthesizes the customer onboarding template once (one node process) for its test class.</summary>
public sealed class CustomerTemplateFixture
{
    public CustomerTemplateFixture()
    {
        JsiiNode.SilenceVersionWarnings();
        Rendered = CustomerTemplate.Render();
        Template = Template.FromString(Rendered);
        Json = new TemplateJson(System.Text.Json.Nodes.JsonNode.Parse(Rendered)!);
    }

    public string Rendered { get; }

    public Template Template { get; }

    public TemplateJson Json { get; }
}
