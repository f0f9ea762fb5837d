namespace EmailList.QueryApi.Tenants;

/// <summary>How to create the role (and event forwarding) in the tenant's account with our CloudFormation template.</summary>
/// <param name="TemplatePath">Where this API serves the template (GET, tenant:admin).</param>
/// <param name="QuickCreateUrl">A CloudFormation console link with every parameter filled in; null until the operator publishes the template (Onboarding:TemplateUrl).</param>
public sealed record CloudFormationLaunch(
    string TemplatePath,
    Uri? TemplateUrl,
    Uri? QuickCreateUrl,
    IReadOnlyDictionary<string, string> Parameters);
