using System.Net;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EmailList.Sandbox.Admin;

/// <summary>The sandbox's own API under <c>/_sandbox</c> (JSON, no SigV4, loopback callers only): sets up accounts, roles and faults; reads the outbox.</summary>
internal static class AdminEndpoints
{
    private static readonly string[] Operations =
    [
        "SendEmail", "GetAccount", "AssumeRole", "PutSuppressedDestination", "DeleteSuppressedDestination",
        "ListSuppressedDestinations", "GetSuppressedDestination",
    ];

    private static readonly string[] EnforcementStatuses = ["HEALTHY", "PROBATION", "SHUTDOWN"];

    public static IEndpointRouteBuilder MapSandboxAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/_sandbox")
            .AddEndpointFilter(LoopbackOnly)
            .WithTags("Sandbox admin");
        admin.MapPut("/accounts/{accountId}", PutAccount);
        admin.MapGet("/accounts/{accountId}", GetAccount);
        admin.MapPut("/roles", PutRole);
        admin.MapDelete("/roles", DeleteRole);
        admin.MapPost("/faults", AddFault);
        admin.MapDelete("/faults", ClearFaults);
        admin.MapGet("/outbox", ListOutbox);
        admin.MapGet("/outbox/{messageId}", GetMessage);
        admin.MapGet("/stats", (SandboxWorld world) => TypedResults.Ok(world.Counters.Snapshot()));
        admin.MapPost("/reset", Reset);
        return app;
    }

    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // No remote address means an in-memory test server, which is local by construction.
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
        {
            return TypedResults.Problem("The sandbox admin API answers loopback callers only.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }

    private static Results<Ok<SandboxAccount>, ValidationProblem> PutAccount(string accountId, SandboxAccountSettings? settings, SandboxWorld world, TimeProvider timeProvider)
    {
        settings ??= new SandboxAccountSettings();
        var errors = new Dictionary<string, string[]>();
        if (!IsAccountId(accountId))
        {
            errors["accountId"] = ["An AWS account id is 12 digits."];
        }

        if (!EnforcementStatuses.Contains(settings.EnforcementStatus, StringComparer.Ordinal))
        {
            errors["enforcementStatus"] = [$"Use one of {string.Join(", ", EnforcementStatuses)}."];
        }

        if (settings.MaxSendRate < 0)
        {
            errors["maxSendRate"] = ["The send rate cannot be negative."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(world.PutAccount(accountId, settings).ToAdmin(timeProvider.GetUtcNow()));
    }

    private static Results<Ok<SandboxAccount>, NotFound> GetAccount(string accountId, SandboxWorld world, TimeProvider timeProvider) =>
        world.FindAccount(accountId) is { } account ? TypedResults.Ok(account.ToAdmin(timeProvider.GetUtcNow())) : TypedResults.NotFound();

    private static Results<Ok<SandboxRole>, ValidationProblem> PutRole(SandboxRole role, SandboxWorld world, IOptions<SandboxOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        if (!RoleRegistration.TryParseArn(role.RoleArn, out var accountId, out var roleName))
        {
            errors["roleArn"] = ["An IAM role ARN looks like arn:aws:iam::123456789012:role/RoleName."];
        }

        if (role.TrustedAccountId is not null && !IsAccountId(role.TrustedAccountId))
        {
            errors["trustedAccountId"] = ["An AWS account id is 12 digits."];
        }

        if (role.MaxSessionDurationSeconds is < 3600 or > 43200)
        {
            errors["maxSessionDurationSeconds"] = ["IAM allows 3600 to 43200 seconds."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var registration = world.PutRole(role, accountId, roleName, options.Value.PlatformAccountId);
        return TypedResults.Ok(role with { TrustedAccountId = registration.TrustedAccountId });
    }

    private static Results<NoContent, NotFound> DeleteRole(string roleArn, SandboxWorld world) =>
        world.RemoveRole(roleArn) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Results<Ok<SandboxFault>, ValidationProblem> AddFault(SandboxFault fault, SandboxWorld world)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsAccountId(fault.AccountId))
        {
            errors["accountId"] = ["An AWS account id is 12 digits."];
        }

        if (!Operations.Contains(fault.Operation, StringComparer.OrdinalIgnoreCase))
        {
            errors["operation"] = [$"Use one of {string.Join(", ", Operations)}."];
        }

        if (fault.StatusCode is < 400 or > 599)
        {
            errors["statusCode"] = ["A fault is an error answer: 400 to 599."];
        }

        if (string.IsNullOrWhiteSpace(fault.ErrorCode))
        {
            errors["errorCode"] = ["Name the AWS error code, e.g. TooManyRequestsException or InternalFailure."];
        }

        if (fault.Count is 0 or < -1)
        {
            errors["count"] = ["How many calls fail: a positive number, or -1 until the faults are cleared."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var message = fault.Message ?? $"Injected by the sandbox: {fault.ErrorCode}.";
        world.Faults.Add(new Fault(fault.AccountId, fault.Operation, fault.StatusCode, fault.ErrorCode, message, fault.Count));
        return TypedResults.Ok(fault with { Message = message });
    }

    private static NoContent ClearFaults(SandboxWorld world)
    {
        world.Faults.Clear();
        return TypedResults.NoContent();
    }

    private static Results<Ok<IReadOnlyList<OutboxMessage>>, ValidationProblem> ListOutbox(SandboxWorld world, string? accountId, int? limit)
    {
        var take = limit ?? 50;
        if (take is < 1 or > Outbox.Capacity)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {Outbox.Capacity}."] });
        }

        return TypedResults.Ok(world.Outbox.List(string.IsNullOrEmpty(accountId) ? null : accountId, take));
    }

    private static Results<Ok<OutboxMessage>, NotFound> GetMessage(string messageId, SandboxWorld world) =>
        world.Outbox.Find(messageId) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound();

    private static NoContent Reset(SandboxWorld world, bool? all)
    {
        world.Reset(all ?? false);
        return TypedResults.NoContent();
    }

    private static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);
}
