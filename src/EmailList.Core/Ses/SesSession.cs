using EmailList.Core.Credentials;

namespace EmailList.Core.Ses;

/// <summary>Who calls SES and where: a tenant's assumed-role credentials and the tenant's region.</summary>
public sealed record SesSession(TemporaryCredentials Credentials, string Region);
