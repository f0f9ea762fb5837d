namespace EmailList.Core.Credentials;

public sealed class RoleAssumptionException : Exception
{
    public RoleAssumptionException(RoleAssumptionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    public RoleAssumptionException()
    {
    }

    public RoleAssumptionException(string message) : base(message)
    {
    }

    public RoleAssumptionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RoleAssumptionFailure Failure { get; }
}
