namespace EmailList.Core.Ses;

/// <summary>One SES sending identity, as ListEmailIdentities reports it.</summary>
/// <param name="IdentityType">EMAIL_ADDRESS, DOMAIN or MANAGED_DOMAIN.</param>
/// <param name="VerificationStatus">PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE or NOT_STARTED.</param>
public sealed record SesIdentity(string Name, string IdentityType, bool SendingEnabled, string VerificationStatus)
{
    public bool IsVerified => VerificationStatus == "SUCCESS";
}
