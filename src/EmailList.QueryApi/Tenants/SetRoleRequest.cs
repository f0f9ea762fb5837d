namespace EmailList.QueryApi.Tenants;

public sealed record SetRoleRequest(string? RoleArn, string? Region);
