namespace EmailList.Core.Forwarding;

public sealed class EventBridgeException : Exception
{
    public EventBridgeException(EventBridgeErrorKind kind, string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ErrorCode = errorCode;
    }

    public EventBridgeException()
    {
    }

    public EventBridgeException(string message) : base(message)
    {
    }

    public EventBridgeException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public EventBridgeErrorKind Kind { get; }

    /// <summary>EventBridge's own error code, e.g. "ResourceNotFoundException".</summary>
    public string ErrorCode { get; } = "Unknown";
}
