namespace EmailList.Core.Credentials;

/// <summary>STS AssumeRole. Throws <see cref="RoleAssumptionException"/> with the reason on failure.</summary>
public interface IRoleAssumer
{
    Task<TemporaryCredentials> AssumeRoleAsync(RoleAssumptionRequest request, CancellationToken cancellationToken);
}
