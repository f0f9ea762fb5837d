namespace EmailList.Core.Ses;

public sealed class SesException : Exception
{
    public SesException(SesErrorKind kind, string errorCode, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
    }

    public SesException()
    {
    }

    public SesException(string message) : base(message)
    {
    }

    public SesException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SesErrorKind Kind { get; }

    /// <summary>SES's own error code, e.g. "MessageRejected".</summary>
    public string ErrorCode { get; } = "Unknown";

    public TimeSpan? RetryAfter { get; }

    public bool IsRetryable => Kind is SesErrorKind.Throttled or SesErrorKind.Unavailable;
}
