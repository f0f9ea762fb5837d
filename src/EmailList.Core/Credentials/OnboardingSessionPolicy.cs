namespace EmailList.Core.Credentials;

/// <summary>
/// The session policy used while verifying a role and setting up event forwarding: the send session's actions plus
/// the few set-up calls. Sends never get these; they use <see cref="SesSessionPolicy"/>.
/// </summary>
public static class OnboardingSessionPolicy
{
    public static readonly IReadOnlyList<string> Actions =
    [
        .. SesSessionPolicy.Actions,
        "ses:ListEmailIdentities",
        "ses:CreateConfigurationSet",
        "ses:CreateConfigurationSetEventDestination",
        "events:ListTargetsByRule",
        "events:PutRule",
        "events:PutTargets",
        "iam:PassRole",
    ];

    public static string Json { get; } =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
        + string.Join(',', Actions.Select(a => $"\"{a}\""))
        + "],\"Resource\":\"*\"}]}";
}
