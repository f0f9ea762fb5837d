namespace EmailList.SendApi.Tests.EndToEnd;

public sealed record TestTenant(string Id, string ExternalId, string? AccountId, string? RoleArn);
