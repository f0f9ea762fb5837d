namespace EmailList.QueryApi.Tenants;

/// <summary>
/// The CloudFormation template tenants deploy: deploy/templates/customer-onboarding.template.json, synthesized from the
/// CDK customer stack and embedded at build time (the deploy tests fail if the file and the stack drift apart).
/// </summary>
internal static class CustomerTemplate
{
    private const string ResourceName = "EmailList.QueryApi.customer-onboarding.template.json";

    public static string Json { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(CustomerTemplate).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
