using Microsoft.AspNetCore.Authorization;

namespace EmailList.ServiceDefaults.Auth;

public sealed class OperatorRequirement : AuthorizationHandler<OperatorRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var isOperator = context.User.FindAll("role").Concat(context.User.FindAll("roles"))
            .Any(c => c.Value == Policies.OperatorRole);
        if (isOperator)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"This operation is for operators: the token needs a 'role' claim of '{Policies.OperatorRole}'."));
        }

        return Task.CompletedTask;
    }
}
