namespace EmailList.QueryApi.Tenants;

/// <param name="Code">create-role, set-up-forwarding, send-a-test-mail, done, suspended, fix-role (the role cannot be assumed) or
/// check-role (STS did not answer).</param>
public sealed record OnboardingStep(string Code, string Message);
