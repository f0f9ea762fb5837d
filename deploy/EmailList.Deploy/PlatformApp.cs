using Amazon.CDK;

namespace EmailList.Deploy;

/// <summary>
/// The CDK app `cdk deploy` runs: the platform stack and nothing else. The customer stack is deployed by tenants in
/// their own accounts; it is only synthesized to a file by <see cref="CustomerTemplate"/> (deploy/synth-customer-template.sh),
/// so no `cdk deploy --all` here can create it in the platform account.
/// </summary>
public static class PlatformApp
{
    public const string StackId = "EmailListPlatform";

    /// <summary>The app with its context (cdk.json and <c>-c</c>, or <paramref name="context"/> in tests).</summary>
    public static App Create(IDictionary<string, object>? context = null)
    {
        var app = new App(new AppProps { AnalyticsReporting = false, Context = context });
        _ = new PlatformStack(app, StackId, PlatformStackProps.FromContext(app.Node));
        return app;
    }
}
