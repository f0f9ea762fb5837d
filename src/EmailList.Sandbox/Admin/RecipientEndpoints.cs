using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EmailList.Sandbox.Admin;

/// <summary><c>GET /_sandbox/recipients</c> (and <c>DELETE</c> to start over): how often each address of an account was sent to, to prove a large send reached everyone once.</summary>
internal static class RecipientEndpoints
{
    public static RouteGroupBuilder MapSandboxRecipients(this RouteGroupBuilder admin)
    {
        admin.MapGet("/recipients", Summarize);
        admin.MapDelete("/recipients", Forget);
        return admin;
    }

    private static Results<Ok<SandboxRecipients>, ValidationProblem> Summarize(SandboxWorld world, string? accountId, string? prefix) =>
        IsAccountId(accountId) ? TypedResults.Ok(world.Recipients.Summarize(accountId!, prefix ?? string.Empty)) : AccountIdRequired();

    /// <summary>Forgets the account's counts (nothing else), so a second run against it counts from zero.</summary>
    private static Results<NoContent, ValidationProblem> Forget(SandboxWorld world, string? accountId)
    {
        if (!IsAccountId(accountId))
        {
            return AccountIdRequired();
        }

        world.Recipients.Clear(accountId!);
        return TypedResults.NoContent();
    }

    private static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);

    private static ValidationProblem AccountIdRequired() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["accountId"] = ["Name the account whose recipients to count: its 12-digit AWS account id, e.g. ?accountId=123456789012."],
    });
}
