using System.Globalization;
using System.Text;
using System.Text.Json;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox.Ses;

/// <summary>SES v2 over rest-json under <c>/v2/email</c>, per account of the calling session.</summary>
internal static class SesEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapSes(this IEndpointRouteBuilder app)
    {
        var email = app.MapGroup("/v2/email")
            .AddEndpointFilter(new SigV4Filter("ses", "ExpiredTokenException", failure => SesJson.Error(failure.StatusCode, failure.Code, failure.Message)))
            .ExcludeFromDescription();
        email.MapPost("/outbound-emails", SendEmailOperation.Handle);
        email.MapGet("/account", GetAccount);
        email.MapPut("/suppression/addresses", PutSuppressedDestination);
        email.MapGet("/suppression/addresses", ListSuppressedDestinations);
        email.MapGet("/suppression/addresses/{emailAddress}", GetSuppressedDestination);
        email.MapDelete("/suppression/addresses/{emailAddress}", DeleteSuppressedDestination);
        email.MapGet("/identities", ConfigurationSetEndpoints.ListEmailIdentities);
        email.MapPost("/list-identities", ConfigurationSetEndpoints.ListEmailIdentities);
        email.MapPost("/configuration-sets", ConfigurationSetEndpoints.CreateConfigurationSet);
        email.MapGet("/configuration-sets/{configurationSetName}", ConfigurationSetEndpoints.GetConfigurationSet);
        email.MapPost("/configuration-sets/{configurationSetName}/event-destinations", ConfigurationSetEndpoints.CreateEventDestination);
        email.MapGet("/configuration-sets/{configurationSetName}/event-destinations", ConfigurationSetEndpoints.GetEventDestinations);
        email.MapPost("/templates", EmailTemplateEndpoints.CreateEmailTemplate);
        email.MapGet("/templates", EmailTemplateEndpoints.ListEmailTemplates);
        email.MapGet("/templates/{templateName}", EmailTemplateEndpoints.GetEmailTemplate);

        app.Map("/v2/{**rest}", (HttpContext context) =>
                SesJson.Error(StatusCodes.Status404NotFound, "UnknownOperationException",
                    $"The sandbox does not emulate {context.Request.Method} {context.Request.Path}."))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The caller's permissions and injected faults, checked before any operation does its work; null means go ahead.</summary>
    /// <param name="resource">The ARN AWS names in an AccessDenied message; null means all of SES in the caller's account and region.</param>
    internal static AwsError? Admit(AwsCaller caller, string operation, SandboxWorld world, ILogger logger, string? resource = null)
    {
        var action = "ses:" + operation;
        if (IamAuthorizer.Denial(caller, action, world) is { } because)
        {
            SandboxLog.OperationRefused(logger, operation, caller.AccountId, "AccessDeniedException");
            return new AwsError(StatusCodes.Status403Forbidden, "AccessDeniedException",
                IamAuthorizer.Message(caller, action, resource ?? $"arn:aws:ses:{caller.Region}:{caller.AccountId}:*", because));
        }

        if (world.Faults.Take(caller.AccountId, operation) is { } fault)
        {
            SandboxLog.FaultInjected(logger, operation, caller.AccountId, fault.StatusCode, fault.ErrorCode);
            return new AwsError(fault.StatusCode, fault.ErrorCode, fault.Message);
        }

        return null;
    }

    internal static IResult BadRequest(string message) => SesJson.Error(StatusCodes.Status400BadRequest, "BadRequestException", message);

    private static IResult GetAccount(HttpContext context, SandboxWorld world, TimeProvider timeProvider, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (Admit(caller, "GetAccount", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        var account = world.SesAccount(caller.AccountId, caller.Region);
        var settings = account.Settings;
        return SesJson.Ok(new GetAccountOutput(
            DedicatedIpAutoWarmupEnabled: false,
            settings.EnforcementStatus,
            settings.ProductionAccessEnabled,
            new SendQuotaOutput(settings.Max24HourSend, settings.MaxSendRate, account.SentLast24Hours(timeProvider.GetUtcNow())),
            settings.SendingEnabled,
            new SuppressionAttributesOutput(["BOUNCE", "COMPLAINT"])));
    }

    private static IResult PutSuppressedDestination(HttpContext context, SandboxWorld world, TimeProvider timeProvider, ILogger<SandboxWorld> logger)
    {
        var request = VerifiedRequest.From(context);
        if (Admit(request.Caller, "PutSuppressedDestination", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        PutSuppressedDestinationInput? input;
        try
        {
            input = JsonSerializer.Deserialize<PutSuppressedDestinationInput>(request.Body, SesJson.Options);
        }
        catch (JsonException)
        {
            return BadRequest("The request body is not valid JSON.");
        }

        if (string.IsNullOrWhiteSpace(input?.EmailAddress) || !input.EmailAddress.Contains('@', StringComparison.Ordinal))
        {
            return BadRequest("EmailAddress is required and must be an email address.");
        }

        if (input.Reason is not ("BOUNCE" or "COMPLAINT"))
        {
            return BadRequest($"Reason must be BOUNCE or COMPLAINT, not '{input.Reason}'.");
        }

        world.SesAccount(request.Caller.AccountId, request.Caller.Region).Suppress(input.EmailAddress, input.Reason, timeProvider.GetUtcNow());
        return SesJson.Ok(new EmptyOutput());
    }

    private static IResult GetSuppressedDestination(string emailAddress, HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (Admit(caller, "GetSuppressedDestination", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        return world.SesAccount(caller.AccountId, caller.Region).FindSuppressed(emailAddress) is { } entry
            ? SesJson.Ok(new GetSuppressedDestinationOutput(new SuppressedDestinationOutput(entry.EmailAddress, entry.Reason,
                EpochSeconds(entry.LastUpdateTime), new SuppressedDestinationAttributesOutput(string.Empty, string.Empty))))
            : NotOnList(emailAddress);
    }

    private static IResult DeleteSuppressedDestination(string emailAddress, HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (Admit(caller, "DeleteSuppressedDestination", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        return world.SesAccount(caller.AccountId, caller.Region).Unsuppress(emailAddress) ? SesJson.Ok(new EmptyOutput()) : NotOnList(emailAddress);
    }

    private static IResult ListSuppressedDestinations(HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (Admit(caller, "ListSuppressedDestinations", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        var query = context.Request.Query;
        var reasons = query["Reason"].Where(r => !string.IsNullOrEmpty(r)).Select(r => r!).ToHashSet(StringComparer.Ordinal);
        if (reasons.Any(r => r is not ("BOUNCE" or "COMPLAINT")))
        {
            return BadRequest("Reason must be BOUNCE or COMPLAINT.");
        }

        if (!TryParseDate(query["StartDate"], out var start) || !TryParseDate(query["EndDate"], out var end))
        {
            return BadRequest("StartDate and EndDate must be timestamps (ISO 8601 or epoch seconds).");
        }

        var pageSize = DefaultPageSize;
        if (query["PageSize"].ToString() is { Length: > 0 } pageText
            && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
        {
            return BadRequest($"PageSize must be between 1 and {MaxPageSize}.");
        }

        var offset = 0;
        if (query["NextToken"].ToString() is { Length: > 0 } token && !PageToken.TryRead(token, out offset))
        {
            return BadRequest("The NextToken is not one this service issued.");
        }

        var matching = world.SesAccount(caller.AccountId, caller.Region).Suppressed()
            .Where(s => reasons.Count == 0 || reasons.Contains(s.Reason))
            .Where(s => (start is null || s.LastUpdateTime >= start) && (end is null || s.LastUpdateTime <= end))
            .ToList();
        var page = matching.Skip(offset).Take(pageSize)
            .Select(s => new SuppressedDestinationSummaryOutput(s.EmailAddress, s.Reason, EpochSeconds(s.LastUpdateTime)))
            .ToList();
        var next = offset + pageSize < matching.Count ? PageToken.Create(offset + pageSize) : null;
        return SesJson.Ok(new ListSuppressedDestinationsOutput(page, next));
    }

    private static IResult NotOnList(string emailAddress) =>
        SesJson.Error(StatusCodes.Status404NotFound, "NotFoundException", $"Email address {emailAddress} does not exist on your suppression list.");

    private static double EpochSeconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000d;

    private static bool TryParseDate(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
