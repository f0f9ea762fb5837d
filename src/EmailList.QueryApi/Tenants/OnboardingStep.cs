namespace EmailList.QueryApi.Tenants;

/// <param name="Code">create-role, set-up-forwarding, send-a-test-mail, done or suspended.</param>
public sealed record OnboardingStep(string Code, string Message);
