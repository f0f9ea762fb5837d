using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EmailList.Core.Credentials;
using EmailList.Core.Events;
using EmailList.Core.Onboarding;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Tenants;

public static partial class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        var operators = routes.MapGroup("/tenants").WithTags("Tenants").RequireAuthorization(Policies.Operator);
        operators.MapPost("", CreateAsync).WithSummary("Operator: create a tenant; its external ID is minted here.")
            .AcceptsJsonOnly<CreateTenantRequest>()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        operators.MapPatch("/{tenantId}", UpdateAsync).WithSummary("Operator: allow a tenant to share an AWS account with another tenant.")
            .AcceptsJsonOnly<UpdateTenantRequest>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);

        var tenant = routes.MapGroup("/tenant").WithTags("Tenants").RequireAuthorization(Policies.TenantAdmin);
        tenant.MapGet("", GetAsync).WithSummary("The caller's tenant, its onboarding state and exactly what to do next.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        tenant.MapGet("/cloudformation-template", GetTemplate)
            .WithSummary("The CloudFormation template that creates the role and event forwarding in the tenant's account.")
            .Produces<string>(StatusCodes.Status200OK, "application/json");
        tenant.MapPut("/role", SetRoleAsync)
            .WithSummary("Paste the role ARN: verified end to end (trust, external ID, SES account, permissions) and stored only if all of it works.")
            .AcceptsJsonOnly<SetRoleRequest>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        tenant.MapDelete("/role", RemoveRoleAsync)
            .WithSummary("Offboard: stop sends at once and forget cached credentials; the account's events are no longer attributed to the tenant.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest http, ITenantStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync(http, QueryApiJsonContext.Default.CreateTenantRequest,
            "{\"name\":\"Acme\",\"id\":\"acme\"}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request!.Name) || request.Name.Length > 200)
        {
            errors.Add("name", "A name of 1-200 characters is required.");
        }

        if (request.Id is not null && !TenantId.IsValid(request.Id))
        {
            errors.Add("id", $"A tenant id is 1-{TenantId.MaxLength} of a-z, 0-9 and '-', starting with a letter or digit.");
        }

        if (request.ConfigurationSetName is not null && !ConfigurationSetName().IsMatch(request.ConfigurationSetName))
        {
            errors.Add("configurationSetName", "A configuration set name is 1-64 of A-Z, a-z, 0-9, '_' and '-'.");
        }

        if (errors.Any)
        {
            return errors.ToProblem("The tenant is not valid");
        }

        var now = time.GetUtcNow();
        var tenant = new Tenant
        {
            Id = request.Id ?? "t-" + RandomNumberGenerator.GetHexString(12, lowercase: true),
            Name = request.Name!.Trim(),
            ExternalId = ExternalIdGenerator.Create(),
            ConfigurationSetName = request.ConfigurationSetName,
            Status = TenantStatus.PendingRole,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await store.TryCreateAsync(tenant, cancellationToken))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Tenant exists", $"A tenant with id '{tenant.Id}' already exists.");
        }

        return TypedResults.Created($"/tenants/{tenant.Id}", TenantResponse.From(tenant));
    }

    internal static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> UpdateAsync(
        string tenantId, HttpRequest http, ITenantStore store, ITenantChangePublisher changes, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync(http, QueryApiJsonContext.Default.UpdateTenantRequest,
            "{\"allowSharedAccount\":true}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var tenant = TenantId.IsValid(tenantId) ? await store.GetAsync(tenantId, cancellationToken) : null;
        if (tenant is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Unknown tenant", $"There is no tenant '{tenantId}'.");
        }

        var updated = tenant with { AllowSharedAccount = request!.AllowSharedAccount ?? tenant.AllowSharedAccount, UpdatedAt = time.GetUtcNow() };
        await store.UpdateAsync(updated, cancellationToken);
        await changes.PublishAsync(tenant.Id, cancellationToken);
        return TypedResults.Ok(TenantResponse.From(updated));
    }

    internal static async Task<Results<Ok<OnboardingResponse>, ProblemHttpResult>> GetAsync(
        CallerTenant caller, ITenantStore store, IEventStore events, IWebhookStore webhooks, TenantCredentialBroker broker,
        IOptions<OnboardingOptions> options, CustomerTemplateLink templateLink, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var tenant = await store.GetAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return Problems.UnknownTenant(tenantId);
        }

        var latest = await events.QueryAsync(tenant.Id, new EventQuery(Limit: 1), cancellationToken);
        var lastEventAt = latest.Items.Count > 0 ? latest.Items[0].OccurredAt : (DateTimeOffset?)null;
        var settings = options.Value;
        var next = NextStep(tenant, lastEventAt is not null);
        if (next.Code is "send-a-test-mail" or "done")
        {
            next = await RoleProblemAsync(tenant, broker, cancellationToken) ?? next;
        }

        return TypedResults.Ok(new OnboardingResponse(
            TenantResponse.From(tenant),
            settings.PlatformAccountId,
            settings.EventBusArn,
            next,
            Launch(tenant, settings, templateLink.TemplateUrl()),
            new EventArrival(tenant.Forwarding.ToString(), tenant.ForwardingDetail, lastEventAt is not null, lastEventAt),
            DisabledWebhookNotice.From(await webhooks.ListAsync(tenant.Id, cancellationToken))));
    }

    internal static IResult GetTemplate() => TypedResults.Text(CustomerTemplate.Json, "application/json");

    internal static async Task<Results<Ok<TenantResponse>, ValidationProblem, ProblemHttpResult>> SetRoleAsync(
        HttpRequest http, CallerTenant caller, ITenantStore store, TenantOnboarding onboarding, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync(http, QueryApiJsonContext.Default.SetRoleRequest,
            "{\"roleArn\":\"arn:aws:iam::123456789012:role/EmailListSender\",\"region\":\"eu-west-1\"}", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (!RoleArn.TryParse(request!.RoleArn, out var roleArn))
        {
            errors.Add("roleArn", "An IAM role ARN looks like 'arn:aws:iam::123456789012:role/EmailListSender'.");
        }

        if (!AwsRegion.IsValid(request.Region))
        {
            errors.Add("region", "An AWS region such as 'us-east-1' or 'eu-west-1' is required: the region where the tenant uses SES.");
        }

        if (errors.Any)
        {
            return errors.ToProblem("The role is not valid");
        }

        var tenantId = caller.TenantId;
        var tenant = await store.GetAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return Problems.UnknownTenant(tenantId);
        }

        try
        {
            var (updated, sesAccount) = await onboarding.SetRoleAsync(tenant, roleArn!, request.Region!, cancellationToken);
            return TypedResults.Ok(TenantResponse.From(updated, sesAccount));
        }
        catch (OnboardingException e) when (e.Failure == OnboardingFailure.Unavailable)
        {
            return Problems.Create(http.HttpContext.Response, StatusCodes.Status503ServiceUnavailable, "Try again later", e.Message, TimeSpan.FromSeconds(5));
        }
        catch (OnboardingException e)
        {
            var status = e.Failure == OnboardingFailure.AccountInUse ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
            return Problems.Create(status, "The role was not accepted", e.Message, new Dictionary<string, object?>
            {
                ["reason"] = e.Failure.ToString(),
                ["fix"] = e.Fix,
                ["missingAction"] = e.MissingAction,
                ["externalId"] = tenant.ExternalId,
                ["platformAccountId"] = onboarding.PlatformAccountId,
            });
        }
    }

    internal static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> RemoveRoleAsync(
        CallerTenant caller, ITenantStore store, TenantOnboarding onboarding, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        var tenant = await store.GetAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return Problems.UnknownTenant(tenantId);
        }

        return TypedResults.Ok(TenantResponse.From(await onboarding.RemoveRoleAsync(tenant, cancellationToken)));
    }

    /// <summary>
    /// "Sending works" is said only of a role assumed just now, uncached, as GET /verify-sts does: a role deleted or
    /// changed in the tenant's account since onboarding would otherwise be reported as working until the first send fails.
    /// </summary>
    private static async Task<OnboardingStep?> RoleProblemAsync(Tenant tenant, TenantCredentialBroker broker, CancellationToken cancellationToken)
    {
        try
        {
            await broker.AssumeUncachedAsync(tenant.RoleArn!, tenant.ExternalId, tenant.Id, cancellationToken);
            return null;
        }
        catch (RoleAssumptionException e) when (e.Failure == RoleAssumptionFailure.Unavailable)
        {
            return new("check-role", $"Whether sending works could not be checked: STS did not answer ({e.Message}). Try again shortly, or GET /verify-sts.");
        }
        catch (RoleAssumptionException e)
        {
            return new("fix-role", $"Sends fail: the role {tenant.RoleArn} can no longer be assumed ({e.Message}). Restore it in your AWS account "
                + $"(trusting EmailList's account with sts:ExternalId = {tenant.ExternalId}) or PUT /tenant/role with a working role; GET /verify-sts checks it end to end.");
        }
    }

    private static OnboardingStep NextStep(Tenant tenant, bool eventsReceived) => tenant switch
    {
        { Status: TenantStatus.Suspended } => new("suspended", "The tenant is suspended on EmailList; contact the operator."),
        { RoleArn: null } => new("create-role",
            "Create the IAM role in your AWS account: open cloudFormation.quickCreateUrl (or deploy the template from cloudFormation.templatePath with "
            + "cloudFormation.parameters), then PUT /tenant/role with the stack's RoleArn output and the region where you use SES."),
        { Forwarding: ForwardingState.NeedsTemplate } => new("set-up-forwarding",
            (tenant.ForwardingDetail ?? "Event forwarding is not set up.") + " Then PUT /tenant/role again."),
        _ when !eventsReceived => new("send-a-test-mail",
            "Sending works. Send a mail with POST /mail: its SES events (send, delivery, ...) should show in GET /events within a minute."),
        _ => new("done", "Sending works and SES events are arriving."),
    };

    private static CloudFormationLaunch Launch(Tenant tenant, OnboardingOptions settings, Uri? templateUrl)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PlatformAccountId"] = settings.PlatformAccountId,
            ["ExternalId"] = tenant.ExternalId,
            ["PlatformEventBusArn"] = settings.EventBusArn,
            ["ConfigurationSetName"] = tenant.ConfigurationSetName ?? settings.ConfigurationSetName,
        };
        Uri? quickCreate = null;
        if (templateUrl is not null)
        {
            var region = tenant.Region ?? settings.EventBusRegion;
            var query = string.Join('&', parameters.Select(p => $"param_{p.Key}={Uri.EscapeDataString(p.Value)}"));
            quickCreate = new Uri(string.Create(CultureInfo.InvariantCulture,
                $"https://{region}.console.aws.amazon.com/cloudformation/home?region={region}#/stacks/quickcreate?templateURL={Uri.EscapeDataString(templateUrl.AbsoluteUri)}&stackName=EmailList&{query}"));
        }

        return new CloudFormationLaunch("/tenant/cloudformation-template", templateUrl, quickCreate, parameters);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigurationSetName();
}
