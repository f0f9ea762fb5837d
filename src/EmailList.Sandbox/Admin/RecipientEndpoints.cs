using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EmailList.Sandbox.Admin;

/// <summary><c>GET /_sandbox/recipients</c>: how often each address of an account was sent to, to prove a large send reached everyone once.</summary>
internal static class RecipientEndpoints
{
    public static RouteGroupBuilder MapSandboxRecipients(this RouteGroupBuilder admin)
    {
        admin.MapGet("/recipients", Summarize);
        return admin;
    }

    private static Results<Ok<SandboxRecipients>, ValidationProblem> Summarize(SandboxWorld world, string? accountId, string? prefix)
    {
        if (accountId is not { Length: 12 } || !accountId.All(char.IsAsciiDigit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["accountId"] = ["Name the account whose recipients to count: its 12-digit AWS account id, e.g. ?accountId=123456789012."],
            });
        }

        return TypedResults.Ok(world.Recipients.Summarize(accountId, prefix ?? string.Empty));
    }
}
