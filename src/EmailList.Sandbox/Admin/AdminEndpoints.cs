using System.Net;
using System.Text.RegularExpressions;
using EmailList.Sandbox.Events;
using EmailList.Sandbox.Ses;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EmailList.Sandbox.Admin;

/// <summary>The sandbox's own API under <c>/_sandbox</c> (JSON, no SigV4, loopback callers only): sets up accounts, roles and faults; reads the outbox; drives SES events.</summary>
internal static partial class AdminEndpoints
{
    private static readonly string[] Operations =
    [
        "SendEmail", "GetAccount", "AssumeRole", "PutSuppressedDestination", "DeleteSuppressedDestination",
        "ListSuppressedDestinations", "GetSuppressedDestination", "ListEmailIdentities", "CreateConfigurationSet", "GetConfigurationSet",
        "CreateConfigurationSetEventDestination", "GetConfigurationSetEventDestinations",
        "CreateEmailTemplate", "GetEmailTemplate", "ListEmailTemplates",
        "DescribeEventBus", "PutRule", "DescribeRule", "PutTargets", "ListTargetsByRule", "StartReplay",
        "GetQueueUrl", "GetQueueAttributes", "ReceiveMessage", "DeleteMessageBatch", "ChangeMessageVisibilityBatch",
    ];

    private static readonly string[] EnforcementStatuses = ["HEALTHY", "PROBATION", "SHUTDOWN"];

    private const string HeaderNameSymbols = "!#$%&'*+.^_`|~-";

    public static IEndpointRouteBuilder MapSandboxAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/_sandbox")
            .AddEndpointFilter(LoopbackOnly)
            .WithTags("Sandbox admin");
        admin.MapPut("/accounts/{accountId}", PutAccount);
        admin.MapGet("/accounts/{accountId}", GetAccount);
        admin.MapGet("/accounts/{accountId}/forwarding", GetForwarding);
        admin.MapPut("/accounts/{accountId}/templates/{templateName}", PutEmailTemplate);
        admin.MapGet("/platform-bus", (SandboxWorld world) => TypedResults.Ok(world.Forwarding.PlatformBus()));
        admin.MapGet("/roles", (SandboxWorld world) => TypedResults.Ok(world.Roles()));
        admin.MapPut("/roles", PutRole);
        admin.MapDelete("/roles", DeleteRole);
        admin.MapPost("/faults", AddFault);
        admin.MapDelete("/faults", ClearFaults);
        admin.MapGet("/outbox", ListOutbox);
        admin.MapGet("/outbox/{messageId}", GetMessage);
        admin.MapPost("/outbox/{messageId}/open", (string messageId, SandboxEngagement? engagement, SandboxWorld world, SesEventPublisher publisher) =>
            Engage(messageId, engagement, world, publisher, click: false));
        admin.MapPost("/outbox/{messageId}/click", (string messageId, SandboxEngagement? engagement, SandboxWorld world, SesEventPublisher publisher) =>
            Engage(messageId, engagement, world, publisher, click: true));
        admin.MapPost("/outbox/{messageId}/unsubscribe", Unsubscribe);
        admin.MapGet("/events", ListEvents);
        admin.MapGet("/events/stats", (SandboxWorld world) => TypedResults.Ok(world.Events.Stats()));
        admin.MapPost("/events/redeliver/{eventId}", Redeliver);
        admin.MapPut("/events/target", PutEventTarget);
        admin.MapGet("/stats", (SandboxWorld world) => TypedResults.Ok(world.Counters.Snapshot()));
        admin.MapGet("/queues", (HttpContext http, SandboxWorld world) => TypedResults.Ok(world.Queues.All.Select(queue =>
        {
            var (visible, inFlight) = queue.Depth();
            return new SandboxQueueDepth(queue.Name, queue.Arn, queue.Url($"{http.Request.Scheme}://{http.Request.Host}"), visible, inFlight,
                queue.DeadLetterQueue?.Name, queue.DeadLetterQueue is null ? null : queue.MaxReceiveCount);
        }).ToList()));
        admin.MapPost("/reset", Reset);
        admin.MapSandboxRecipients();
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

        if (settings.Regions is { } regions && (regions.Count == 0 || !regions.All(IsRegion)))
        {
            errors["regions"] = ["AWS region names such as us-east-1, or null for every region."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(world.PutAccount(accountId, settings).ToAdmin(timeProvider.GetUtcNow()));
    }

    /// <summary>Creates or replaces a template in the account's SES (its own region), as CreateEmailTemplate or UpdateEmailTemplate would.</summary>
    private static Results<Ok<SandboxEmailTemplate>, ValidationProblem> PutEmailTemplate(
        string accountId, string templateName, SandboxEmailTemplate template, SandboxWorld world, TimeProvider timeProvider)
    {
        if (!IsAccountId(accountId) || !EmailTemplateEndpoints.IsTemplateName(templateName))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["templateName"] = ["An AWS account id (12 digits) and a template name of 1-64 letters, digits, '_' and '-'."],
            });
        }

        world.Account(accountId).PutTemplate(
            new StoredEmailTemplate(templateName, template.Subject, template.Html, template.Text, timeProvider.GetUtcNow()), replace: true);
        return TypedResults.Ok(template);
    }

    private static Results<Ok<SandboxForwarding>, ValidationProblem> GetForwarding(string accountId, string? region, SandboxWorld world, IOptions<SandboxOptions> options)
    {
        region = string.IsNullOrEmpty(region) ? options.Value.Region : region;
        if (!IsAccountId(accountId) || !IsRegion(region))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["accountId"] = ["An AWS account id (12 digits) and, optionally, a region such as us-east-1."] });
        }

        var setUp = world.FindAccount(accountId)?.Settings.IsSetUpIn(region) ?? true;
        return TypedResults.Ok(world.Forwarding.ToAdmin(accountId, region, setUp));
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

        if (role.Permissions is { } permissions && !permissions.All(p => p == "*" || PermissionPattern().IsMatch(p)))
        {
            errors["permissions"] = ["IAM actions such as ses:SendEmail, globs such as ses:* or ses:Get*, or * for everything."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var registration = world.PutRole(role, accountId, roleName, options.Value.PlatformAccountId);
        return TypedResults.Ok(role with { TrustedAccountId = registration.TrustedAccountId, Permissions = registration.Permissions });
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

    private static Results<Ok<SandboxEvent>, ValidationProblem, ProblemHttpResult> Engage(
        string messageId, SandboxEngagement? engagement, SandboxWorld world, SesEventPublisher publisher, bool click)
    {
        if (world.Outbox.Find(messageId) is not { } message)
        {
            return TypedResults.Problem($"No message {messageId} in the outbox.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!publisher.IsEnabled)
        {
            return NoTarget();
        }

        engagement ??= new SandboxEngagement();
        var errors = new Dictionary<string, string[]>();
        if (engagement.Recipient is { } recipient && !SesEventFactory.Recipients(message).Contains(recipient, StringComparer.OrdinalIgnoreCase))
        {
            errors["recipient"] = [$"Name one of the message's recipients: {string.Join(", ", SesEventFactory.Recipients(message))}."];
        }

        if (engagement.Link is { } link && (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors["link"] = ["A link is an absolute http or https URL."];
        }

        if (engagement.IpAddress is { } ip && !IPAddress.TryParse(ip, out _))
        {
            errors["ipAddress"] = ["An IPv4 or IPv6 address, e.g. 192.0.2.1."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(click ? publisher.Clicked(message, engagement) : publisher.Opened(message, engagement));
    }

    /// <summary>The recipient unsubscribes through SES's subscription management: SES publishes a Subscription event.</summary>
    private static Results<Ok<SandboxEvent>, ValidationProblem, ProblemHttpResult> Unsubscribe(
        string messageId, SandboxUnsubscribe? unsubscribe, SandboxWorld world, SesEventPublisher publisher)
    {
        if (world.Outbox.Find(messageId) is not { } message)
        {
            return TypedResults.Problem($"No message {messageId} in the outbox.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!publisher.IsEnabled)
        {
            return NoTarget();
        }

        unsubscribe ??= new SandboxUnsubscribe();
        var errors = new Dictionary<string, string[]>();
        if (unsubscribe.Recipient is { } recipient && !SesEventFactory.Recipients(message).Contains(recipient, StringComparer.OrdinalIgnoreCase))
        {
            errors["recipient"] = [$"Name one of the message's recipients: {string.Join(", ", SesEventFactory.Recipients(message))}."];
        }

        foreach (var (field, value) in new[] { ("contactList", unsubscribe.ContactList), ("topic", unsubscribe.Topic) })
        {
            if (value is not null && (value.Length is 0 or > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            {
                errors[field] = ["1-64 of A-Z, a-z, 0-9, '_' and '-' (SES's rule for contact list and topic names)."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(publisher.Unsubscribed(message, unsubscribe));
    }

    private static Results<Ok<IReadOnlyList<SandboxEvent>>, ValidationProblem> ListEvents(SandboxWorld world, string? accountId, string? messageId, int? limit)
    {
        var take = limit ?? 50;
        if (take is < 1 or > EventLog.Capacity)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {EventLog.Capacity}."] });
        }

        return TypedResults.Ok(world.Events.List(string.IsNullOrEmpty(accountId) ? null : accountId, string.IsNullOrEmpty(messageId) ? null : messageId, take));
    }

    private static Results<Ok<SandboxEvent>, ProblemHttpResult> Redeliver(string eventId, SesEventPublisher publisher)
    {
        if (!publisher.IsEnabled)
        {
            return NoTarget();
        }

        return publisher.Redeliver(eventId) is { } redelivered
            ? TypedResults.Ok(redelivered)
            : TypedResults.Problem($"No event {eventId} among the recently published ones (GET /_sandbox/events).", statusCode: StatusCodes.Status404NotFound);
    }

    private static Results<NoContent, ValidationProblem> PutEventTarget(SandboxEventTarget target, SesEventPublisher publisher, IOptions<SandboxOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        if (target.TargetUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            errors["targetUrl"] = ["An absolute http or https URL, or null to stop publishing."];
        }

        if (target.HeaderName is { } name && (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || HeaderNameSymbols.Contains(c, StringComparison.Ordinal))))
        {
            errors["headerName"] = ["An HTTP header name, e.g. X-EmailList-Ingest-Key."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        publisher.Target = target.TargetUrl is { } targetUrl
            ? new EventTarget(targetUrl, target.HeaderName ?? options.Value.Events.HeaderName, target.Secret)
            : null;
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NoTarget() =>
        TypedResults.Problem("No event target is set, so nothing is published. Set one with PUT /_sandbox/events/target or Sandbox:Events:TargetUrl.",
            statusCode: StatusCodes.Status409Conflict);

    private static NoContent Reset(SandboxWorld world, bool? all)
    {
        world.Reset(all ?? false);
        return TypedResults.NoContent();
    }

    private static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);

    private static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[a-z0-9-]+:[A-Za-z0-9*?]+$")]
    private static partial Regex PermissionPattern();
}
