namespace EmailList.QueryApi.Verify;

/// <param name="Reason">Why assuming the role failed: NoRole, AccessDenied, RegionDisabled, InvalidRequest, PlatformCredentialsRejected or Unavailable.</param>
internal sealed record AssumeRoleCheck(bool Ok, string? Error, string? Reason);
