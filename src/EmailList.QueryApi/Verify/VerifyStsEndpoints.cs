using System.Globalization;
using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.QueryApi.Verify;

public static class VerifyStsEndpoints
{
    public static IEndpointRouteBuilder MapVerifyStsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/verify-sts").WithTags("Tenant").RequireAuthorization(Policies.TenantAdmin)
            .MapGet("", VerifyAsync)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("VerifySts")
            .WithSummary("Assume the tenant's role now and ask SES about the account: what works, what does not, and why.");
        return routes;
    }

    internal static async Task<Results<Ok<VerifyStsResponse>, ProblemHttpResult>> VerifyAsync(
        CallerTenant caller, ITenantStore store, TenantCredentialBroker broker, ISesClient ses, CancellationToken cancellationToken)
    {
        var tenantId = caller.TenantId;
        // The store, not the directory's cache: a role set a moment ago must be the one checked.
        var tenant = await store.GetAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return Problems.UnknownTenant(tenantId);
        }

        var problems = new List<string>();
        if (tenant.Status == TenantStatus.Suspended)
        {
            problems.Add("The tenant is suspended on EmailList, so nothing is sent whatever SES allows; contact the operator.");
        }

        if (tenant.RoleArn is null || tenant.Region is null)
        {
            problems.Add("The tenant has no IAM role yet. Create a role in the tenant's AWS account whose trust policy lets EmailList's account " +
                $"assume it on the condition sts:ExternalId = {tenant.ExternalId}, then set it with PUT /tenant/role.");
            return TypedResults.Ok(new VerifyStsResponse(false, tenant.RoleArn, tenant.Region,
                new AssumeRoleCheck(false, "No role has been set for the tenant.", "NoRole"), null, problems));
        }

        TemporaryCredentials credentials;
        try
        {
            credentials = await broker.AssumeUncachedAsync(tenant.RoleArn, tenant.ExternalId, tenant.Id, cancellationToken);
        }
        catch (RoleAssumptionException e)
        {
            problems.Add(e.Message);
            return TypedResults.Ok(new VerifyStsResponse(false, tenant.RoleArn, tenant.Region,
                new AssumeRoleCheck(false, e.Message, e.Failure.ToString()), null, problems));
        }

        var assumeRole = new AssumeRoleCheck(true, null, null);
        SesAccount account;
        try
        {
            account = await ses.GetAccountAsync(new SesSession(credentials, tenant.Region), cancellationToken);
        }
        catch (SesException e)
        {
            problems.Add(e.Kind == SesErrorKind.AccessDenied
                ? $"The role was assumed, but SES refused GetAccount in {tenant.Region} ({e.ErrorCode}): the role's permission policy must allow " +
                  $"{string.Join(", ", SesSessionPolicy.Actions)}."
                : $"The role was assumed, but SES GetAccount failed in {tenant.Region} ({e.ErrorCode}): {e.Message}");
            return TypedResults.Ok(new VerifyStsResponse(false, tenant.RoleArn, tenant.Region, assumeRole, null, problems));
        }

        AddAccountProblems(account, tenant.Region, problems);
        return TypedResults.Ok(new VerifyStsResponse(problems.Count == 0, tenant.RoleArn, tenant.Region, assumeRole, SesAccountCheck.From(account), problems));
    }

    private static void AddAccountProblems(SesAccount account, string region, List<string> problems)
    {
        var status = account.EnforcementStatus ?? "unknown";
        if (!account.SendingEnabled)
        {
            problems.Add($"Sending is paused for the SES account in {region} (enforcement status {status}): SES paused it, usually for a high bounce " +
                "or complaint rate, or someone paused it by hand. Resolve the cause shown in the SES console's reputation metrics, then re-enable sending.");
        }
        else if (!string.Equals(status, "HEALTHY", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"SES's enforcement status for the account in {region} is {status}: the account is under review. " +
                "Check the SES console's reputation metrics and lower the bounce and complaint rates (GET /stats).");
        }

        if (!account.ProductionAccessEnabled)
        {
            problems.Add($"The SES account in {region} is in the SES sandbox: it can send only to verified addresses, at most " +
                $"{account.Max24HourSend.ToString(CultureInfo.InvariantCulture)} messages a day. Request production access in the SES console.");
        }

        if (account.Max24HourSend > 0 && account.SentLast24Hours >= account.Max24HourSend)
        {
            problems.Add($"The 24-hour sending quota of {account.Max24HourSend.ToString(CultureInfo.InvariantCulture)} messages is used up; " +
                "sends fail until it frees up, or ask AWS for a higher quota.");
        }
    }
}
