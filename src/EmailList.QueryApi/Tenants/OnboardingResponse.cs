namespace EmailList.QueryApi.Tenants;

/// <summary>GET /tenant: the tenant, and exactly what to do next to send and see events.</summary>
/// <param name="PlatformAccountId">The AWS account the role must trust.</param>
public sealed record OnboardingResponse(
    TenantResponse Tenant,
    string PlatformAccountId,
    string PlatformEventBusArn,
    OnboardingStep NextStep,
    CloudFormationLaunch CloudFormation,
    EventArrival Events);
