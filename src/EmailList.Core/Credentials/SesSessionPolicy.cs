namespace EmailList.Core.Credentials;

/// <summary>
/// The inline session policy passed to AssumeRole. The session gets the intersection of this and the
/// tenant's role policy, so even a broadly permissive role yields a session that can only do what we use.
/// </summary>
public static class SesSessionPolicy
{
    public static readonly IReadOnlyList<string> Actions =
    [
        "ses:SendEmail",
        "ses:SendRawEmail",
        "ses:GetAccount",
        "ses:GetSuppressedDestination",
        "ses:PutSuppressedDestination",
        "ses:DeleteSuppressedDestination",
        "ses:ListSuppressedDestinations",
    ];

    public static string Json { get; } =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
        + string.Join(',', Actions.Select(a => $"\"{a}\""))
        + "],\"Resource\":\"*\"}]}";
}
