namespace EmailList.Dashboard.Api;

public sealed record OnboardingView(
    TenantView Tenant,
    string PlatformAccountId,
    string PlatformEventBusArn,
    OnboardingStepView NextStep,
    CloudFormationView CloudFormation,
    EventArrivalView Events);
