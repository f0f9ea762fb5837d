namespace EmailList.Dashboard.Auth;

/// <summary>The session has no usable access token (expired, or refused by an API): the user signs in again.</summary>
public sealed class SessionExpiredException : Exception
{
    public SessionExpiredException()
        : base("The session's access token is missing, expired or refused.")
    {
    }

    public SessionExpiredException(string message)
        : base(message)
    {
    }

    public SessionExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
