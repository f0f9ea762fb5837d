namespace EmailList.QueryApi.Tenants;

/// <param name="Id">Optional; a lowercase slug. Generated when absent.</param>
public sealed record CreateTenantRequest(string? Id, string? Name, string? ConfigurationSetName);
