namespace EmailList.QueryApi.Verify;

/// <param name="Ok">True when the role can be assumed and the SES account can send without restriction.</param>
/// <param name="SesAccount">Null when SES could not be asked (no role, role refused, GetAccount failed).</param>
/// <param name="Problems">Each thing that does not work, with its reason and how to fix it.</param>
internal sealed record VerifyStsResponse(
    bool Ok,
    string? RoleArn,
    string? Region,
    AssumeRoleCheck AssumeRole,
    SesAccountCheck? SesAccount,
    IReadOnlyList<string> Problems);
