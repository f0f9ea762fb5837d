namespace EmailList.QueryApi.Tenants;

/// <summary>GET /tenant: the tenant, and exactly what to do next to send and see events.</summary>
/// <param name="PlatformAccountId">The AWS account the role must trust.</param>
/// <param name="DisabledWebhooks">The tenant's webhooks the platform disabled (endpoint gone, or failing for days): which, why, since when.</param>
public sealed record OnboardingResponse(
    TenantResponse Tenant,
    string PlatformAccountId,
    string PlatformEventBusArn,
    OnboardingStep NextStep,
    CloudFormationLaunch CloudFormation,
    EventArrival Events,
    IReadOnlyList<DisabledWebhookNotice> DisabledWebhooks);
