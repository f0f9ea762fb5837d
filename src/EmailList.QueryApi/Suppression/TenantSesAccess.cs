using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.QueryApi.Suppression;

/// <summary>Reaches a tenant's own SES account through its role, for the suppression list's calls to SES.</summary>
public sealed class TenantSesAccess(TenantDirectory tenants, TenantCredentialBroker broker, ISesClient ses)
{
    public ISesClient Ses { get; } = ses;

    /// <summary>A session on the tenant's SES, or the ProblemDetails that says why there is none (no tenant, no role, STS refused).</summary>
    public async Task<(SesSession? Session, ProblemHttpResult? Problem)> OpenAsync(string tenantId, HttpResponse response, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return (null, Problems.UnknownTenant(tenantId));
        }

        if (tenant.RoleArn is null || tenant.Region is null)
        {
            return (null, Problems.Create(StatusCodes.Status409Conflict, "No IAM role yet",
                "The tenant has no IAM role, so its SES account cannot be reached: set one with PUT /tenant/role, and check it with GET /verify-sts."));
        }

        try
        {
            return (new SesSession(await broker.GetCredentialsAsync(tenant, cancellationToken), tenant.Region), null);
        }
        catch (RoleAssumptionException e)
        {
            return (null, AwsFailureProblems.From(e, response, tenant.ExternalId));
        }
    }
}
