namespace EmailList.Dashboard.Api;

public sealed record TenantView(
    string Id,
    string Name,
    string Status,
    string ExternalId,
    string? RoleArn,
    string? Region,
    string? AwsAccountId,
    string? ConfigurationSetName,
    bool AllowSharedAccount,
    string Forwarding,
    string? ForwardingDetail,
    SesAccountView? SesAccount);
