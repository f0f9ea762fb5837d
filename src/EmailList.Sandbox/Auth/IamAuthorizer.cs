using EmailList.Sandbox.State;

namespace EmailList.Sandbox.Auth;

/// <summary>
/// Whether a caller may do an IAM action: the platform user may do anything; a role session only what both the role's
/// permission policy and the session policy allow (an explicit Deny in the session policy wins). Resources and conditions are not emulated.
/// </summary>
internal static class IamAuthorizer
{
    /// <returns>Null when allowed, else AWS's "because ..." clause.</returns>
    public static string? Denial(AwsCaller caller, string action, SandboxWorld world)
    {
        if (caller.Session is not { } session)
        {
            return null;
        }

        var permissions = world.FindRole(session.RoleArn)?.Permissions ?? [];
        if (!permissions.Any(p => ActionGlob.Matches(p, action)))
        {
            return $"no identity-based policy allows the {action} action";
        }

        return session.Policy is { } policy && !policy.Allows(action) ? $"no session policy allows the {action} action" : null;
    }

    /// <summary>The AccessDenied message, worded as AWS words it.</summary>
    public static string Message(AwsCaller caller, string action, string resource, string because) =>
        $"User: {caller.PrincipalArn} is not authorized to perform: {action} on resource: {resource} because {because}";
}
