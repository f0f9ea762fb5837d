namespace EmailList.Sandbox.Admin;

/// <summary>
/// One statement of an event bus's resource policy. The platform bus has exactly one, as the platform stack writes it: anyone
/// (<paramref name="Principal"/> <c>*</c>) may <c>events:PutEvents</c> an event whose <c>events:source</c> is <paramref name="Source"/>,
/// when the caller's <c>aws:PrincipalArn</c> is like <paramref name="PrincipalArnLike"/> (a forwarder role under the IAM path /emaillist/).
/// </summary>
public sealed record SandboxBusStatement(string StatementId, string Principal, string Action, string Source, string PrincipalArnLike)
{
    public const string PlatformStatementId = "emaillist-forwarders";

    public const string ForwarderRoleArnPattern = "arn:aws:iam::*:role/emaillist/*";

    public static SandboxBusStatement Platform { get; } =
        new(PlatformStatementId, "*", "events:PutEvents", "aws.ses", ForwarderRoleArnPattern);

    /// <summary>Whether <paramref name="principalArn"/> may put an event of <paramref name="source"/> (ArnLike: <c>*</c> matches any run of characters).</summary>
    public bool Allows(string? principalArn, string source) =>
        Action == "events:PutEvents" && Principal == "*" && source == Source && principalArn is not null && Like(principalArn, PrincipalArnLike);

    private static bool Like(string value, string pattern)
    {
        var parts = pattern.Split('*');
        if (!value.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            if (i == parts.Length - 1)
            {
                return value.Length - position >= parts[i].Length && value.EndsWith(parts[i], StringComparison.Ordinal);
            }

            var found = value.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return position == value.Length;
    }
}
