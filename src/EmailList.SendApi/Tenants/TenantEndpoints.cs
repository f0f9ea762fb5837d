using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailList.Core.Credentials;
using EmailList.Core.Tenants;
using EmailList.SendApi.Http;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.ServiceDefaults.Http;

namespace EmailList.SendApi.Tenants;

public static partial class TenantEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/tenants").WithTags("Tenants")
            .RequireAuthorization(Policies.Operator)
            .MapPost("", CreateAsync)
            .WithSummary("Operator: create a tenant; its external ID is minted here.");

        var tenant = routes.MapGroup("/tenant").WithTags("Tenants").RequireAuthorization(Policies.TenantAdmin);
        tenant.MapGet("", GetAsync).WithSummary("The caller's tenant, with the external ID its role must require.");
        tenant.MapPut("/role", SetRoleAsync).WithSummary("Set the tenant's IAM role; stored only after assuming it works.");
        return routes;
    }

    internal static async Task<Results<Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest http, ITenantStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, TenantJsonContext.Default.CreateTenantRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request!.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["A name of 1-200 characters is required."];
        }

        if (request.Id is not null && !TenantId.IsValid(request.Id))
        {
            errors["id"] = [$"A tenant id is 1-{TenantId.MaxLength} of a-z, 0-9 and '-', starting with a letter or digit."];
        }

        if (request.ConfigurationSetName is not null && !ConfigurationSetName().IsMatch(request.ConfigurationSetName))
        {
            errors["configurationSetName"] = ["A configuration set name is 1-64 of A-Z, a-z, 0-9, '_' and '-'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The tenant is not valid");
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
            return Problems.Create(409, "Tenant exists", $"A tenant with id '{tenant.Id}' already exists.");
        }

        return TypedResults.Created($"/tenants/{tenant.Id}", TenantResponse.From(tenant));
    }

    internal static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, TenantClaims claims, ITenantStore store, CancellationToken cancellationToken)
    {
        var tenant = await store.GetAsync(claims.GetTenantId(user), cancellationToken);
        return tenant is null
            ? Problems.Create(404, "Unknown tenant", "The token names a tenant that does not exist.")
            : TypedResults.Ok(TenantResponse.From(tenant));
    }

    internal static async Task<Results<Ok<TenantResponse>, ValidationProblem, ProblemHttpResult>> SetRoleAsync(
        HttpRequest http,
        ClaimsPrincipal user,
        TenantClaims claims,
        ITenantStore store,
        TenantDirectory directory,
        TenantCredentialBroker broker,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, TenantJsonContext.Default.SetRoleRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!RoleArn.TryParse(request!.RoleArn, out var roleArn))
        {
            errors["roleArn"] = ["An IAM role ARN looks like 'arn:aws:iam::123456789012:role/EmailListSender'."];
        }

        if (!AwsRegion.IsValid(request.Region))
        {
            errors["region"] = ["An AWS region such as 'us-east-1' or 'eu-west-1' is required: the region where the tenant uses SES."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The role is not valid");
        }

        var tenant = await store.GetAsync(claims.GetTenantId(user), cancellationToken);
        if (tenant is null)
        {
            return Problems.Create(404, "Unknown tenant", "The token names a tenant that does not exist.");
        }

        TemporaryCredentials credentials;
        try
        {
            credentials = await broker.AssumeUncachedAsync(roleArn!.Value, tenant.ExternalId, tenant.Id, cancellationToken);
        }
        catch (RoleAssumptionException e) when (e.Failure != RoleAssumptionFailure.Unavailable && e.Failure != RoleAssumptionFailure.PlatformCredentialsRejected)
        {
            return Problems.Create(422, "The role could not be assumed", e.Message,
                new Dictionary<string, object?> { ["reason"] = e.Failure.ToString(), ["externalId"] = tenant.ExternalId });
        }
        catch (RoleAssumptionException)
        {
            http.HttpContext.Response.Headers.RetryAfter = "5";
            return Problems.Create(503, "STS is unavailable", "The role could not be verified right now; nothing was changed. Retry later.");
        }

        var updated = tenant with
        {
            RoleArn = roleArn.Value,
            AwsAccountId = roleArn.AccountId,
            Region = request.Region,
            Status = tenant.Status == TenantStatus.Suspended ? TenantStatus.Suspended : TenantStatus.Active,
            UpdatedAt = time.GetUtcNow(),
        };
        await store.UpdateAsync(updated, cancellationToken);
        await broker.PrimeAsync(updated, credentials, cancellationToken);
        directory.Invalidate(tenant.Id);
        return TypedResults.Ok(TenantResponse.From(updated));
    }

    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var body = await RequestBody.ReadAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return (null, Problems.Create(413, "Request too large", $"The body is larger than {MaxBodyBytes} bytes."));
        }

        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? (null, Problems.Create(400, "Malformed JSON", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Create(400, "Malformed JSON", $"The body is not valid: {e.Message}"));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigurationSetName();
}
