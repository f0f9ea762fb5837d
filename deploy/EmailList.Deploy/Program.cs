using Amazon.CDK;
using EmailList.Deploy;

JsiiNode.SilenceVersionWarnings();

if (args is ["--customer-template", var path])
{
    File.WriteAllText(path, CustomerTemplate.Render());
    Console.WriteLine($"Wrote {path}");
    return 0;
}

var app = new App(new AppProps { AnalyticsReporting = false });
_ = new PlatformStack(app, "EmailListPlatform", PlatformStackProps.FromContext(app.Node));
_ = new CustomerOnboardingStack(app, CustomerTemplate.StackId);
app.Synth();
return 0;
