namespace EmailList.EventIngester.Events;

/// <summary>An event could not be stored (or its suppression written); the request must not be acknowledged.</summary>
public sealed class EventStorageException : Exception
{
    public EventStorageException()
    {
    }

    public EventStorageException(string message)
        : base(message)
    {
    }

    public EventStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
