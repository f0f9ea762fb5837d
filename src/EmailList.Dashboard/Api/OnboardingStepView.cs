namespace EmailList.Dashboard.Api;

public sealed record OnboardingStepView(string Code, string Message);
