namespace EmailList.Core.Onboarding;

/// <summary>A role was not accepted: what went wrong and what the tenant should do about it.</summary>
public sealed class OnboardingException : Exception
{
    public OnboardingException(OnboardingFailure failure, string message, string fix, string? missingAction = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Fix = fix;
        MissingAction = missingAction;
    }

    public OnboardingException()
    {
    }

    public OnboardingException(string message) : base(message)
    {
    }

    public OnboardingException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public OnboardingFailure Failure { get; }

    public string Fix { get; } = string.Empty;

    /// <summary>The IAM action the role lacks, for <see cref="OnboardingFailure.MissingPermission"/>.</summary>
    public string? MissingAction { get; }
}
