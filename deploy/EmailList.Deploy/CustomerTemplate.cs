using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;

namespace EmailList.Deploy;

/// <summary>Synthesizes <see cref="CustomerOnboardingStack"/> to the CloudFormation JSON tenants deploy.</summary>
public static class CustomerTemplate
{
    public const string StackId = "EmailListCustomerOnboarding";

    /// <summary>Where the committed template lives, relative to the repository root; the query API embeds it.</summary>
    public const string RepositoryPath = "deploy/templates/customer-onboarding.template.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The template as indented JSON with a final newline (stable, so the committed copy can be compared).</summary>
    public static string Render()
    {
        var outdir = Directory.CreateTempSubdirectory("emaillist-cdk-");
        try
        {
            var app = new App(new AppProps { Outdir = outdir.FullName, AnalyticsReporting = false });
            var stack = new CustomerOnboardingStack(app, StackId);
            var assembly = app.Synth();
            var artifact = assembly.GetStackArtifact(stack.ArtifactId);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outdir.FullName, artifact.TemplateFile)))
                ?? throw new InvalidOperationException("The synthesized customer template is empty.");
            return json.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        }
        finally
        {
            outdir.Delete(recursive: true);
        }
    }
}
