namespace EmailList.SendApi.Tenants;

public sealed record SetRoleRequest(string? RoleArn, string? Region);
