namespace EmailList.Dashboard;

public enum SignInMode
{
    /// <summary>The tenant's identity provider signs users in; its access token calls the APIs.</summary>
    OpenIdConnect,

    /// <summary>A local page picks a tenant and a development token is minted for it: the embedded default only.</summary>
    Local,
}
