namespace EmailList.Dashboard.Api;

public sealed record VerifyView(bool Ok, string? RoleArn, string? Region, AssumeRoleView AssumeRole, SesAccountCheckView? SesAccount, IReadOnlyList<string> Problems);
