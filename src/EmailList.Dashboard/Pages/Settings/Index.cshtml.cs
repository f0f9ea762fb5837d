using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Settings;

/// <summary>
/// Onboarding and settings: where the tenant stands and what to do next, the values the IAM role needs, pasting the
/// role ARN (with each check's result), verify-sts, and offboarding.
/// </summary>
public sealed class IndexModel(QueryApiClient api) : PageModel
{
    [BindProperty]
    public string? RoleArn { get; set; }

    [BindProperty]
    public string? Region { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public OnboardingView? Onboarding { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public ApiProblem? RoleProblem { get; private set; }

    public TenantView? RoleAccepted { get; private set; }

    public VerifyView? Verification { get; private set; }

    public ApiProblem? VerifyProblem { get; private set; }

    public ApiProblem? OffboardProblem { get; private set; }

    public TenantView? Offboarded { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken cancellationToken)
    {
        var result = await api.SetRoleAsync(RoleArn?.Trim() ?? "", Region?.Trim() ?? "", cancellationToken);
        RoleAccepted = result.Value;
        RoleProblem = result.Problem;
        if (result.Succeeded)
        {
            // Each check's result, as the tenant's own role sees it now.
            await VerifyAsync(cancellationToken);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        await VerifyAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostOffboardAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var tenantId = Onboarding?.Tenant.Id;
        if (tenantId is null || !string.Equals(Confirmation?.Trim(), tenantId, StringComparison.Ordinal))
        {
            OffboardProblem = new ApiProblem(StatusCodes.Status400BadRequest, "Not offboarded", null,
                new Dictionary<string, string[]> { ["confirmation"] = [$"Type the tenant id '{tenantId}' exactly to confirm."] });
            return Page();
        }

        var result = await api.RemoveRoleAsync(cancellationToken);
        Offboarded = result.Value;
        OffboardProblem = result.Problem;
        Confirmation = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The CloudFormation template, for tenants whose operator has not published it at a URL.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken cancellationToken)
    {
        var response = await api.GetCloudFormationTemplateAsync(cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new Auth.SessionExpiredException();
        }

        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(cancellationToken), "application/json", "emaillist-onboarding.template.json");
    }

    private async Task VerifyAsync(CancellationToken cancellationToken)
    {
        var result = await api.VerifyStsAsync(cancellationToken);
        Verification = result.Value;
        VerifyProblem = result.Problem;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var result = await api.GetTenantAsync(cancellationToken);
        Onboarding = result.Value;
        Problem = result.Problem;
        Region ??= Onboarding?.Tenant.Region ?? "us-east-1";
        RoleArn ??= Onboarding?.Tenant.RoleArn;
    }
}
