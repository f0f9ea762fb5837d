namespace EmailList.QueryApi.Tenants;

/// <summary>Operator changes to a tenant; a member left out is left unchanged.</summary>
/// <param name="AllowSharedAccount">Let the tenant use an AWS account that another tenant already uses.</param>
public sealed record UpdateTenantRequest(bool? AllowSharedAccount);
