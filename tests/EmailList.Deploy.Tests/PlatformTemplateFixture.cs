using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace EmailList.Deploy.Tests;

/// <summary>Synthesizes the platform stack once for its test class.</summary>
public sealed class PlatformTemplateFixture
{
    public const string Domain = "emaillist.example.com";
    public const string TablePrefix = "test-";

    public PlatformTemplateFixture()
    {
        JsiiNode.SilenceVersionWarnings();
        var app = new App(new AppProps { AnalyticsReporting = false });
        Stack = new PlatformStack(app, "Platform", new PlatformStackProps
        {
            DomainName = Domain,
            CertificateArn = "arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000",
            SendApiImage = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-sendapi:1.0.0",
            EventIngesterImage = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-eventingester:1.0.0",
            QueryApiImage = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-queryapi:1.0.0",
            DispatcherImage = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/emaillist-dispatcher:1.0.0",
            AuthIssuer = "https://login.example.com/",
            TablePrefix = TablePrefix,
        });
        Template = Template.FromStack(Stack);
        Json = TemplateJson.From(Template.ToJSON());
    }

    public PlatformStack Stack { get; }

    public Template Template { get; }

    public TemplateJson Json { get; }
}
