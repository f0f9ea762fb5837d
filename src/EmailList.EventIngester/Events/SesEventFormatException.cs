namespace EmailList.EventIngester.Events;

/// <summary>The body or one of its events is not an SES event as EventBridge delivers it; the message says what and where.</summary>
public sealed class SesEventFormatException : Exception
{
    public SesEventFormatException()
    {
    }

    public SesEventFormatException(string message)
        : base(message)
    {
    }

    public SesEventFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SesEventFormatException(int index, string problem)
        : base($"Event {index}: {problem}")
    {
        Index = index;
    }

    /// <summary>The position of the offending event in the body (0 for a single event); null when the body as a whole is wrong.</summary>
    public int? Index { get; }
}
