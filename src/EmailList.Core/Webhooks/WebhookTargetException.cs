namespace EmailList.Core.Webhooks;

/// <summary>A webhook target that may not be reached: it does not resolve, or resolves to a non-public address.</summary>
public sealed class WebhookTargetException : Exception
{
    public WebhookTargetException()
    {
    }

    public WebhookTargetException(string message)
        : base(message)
    {
    }

    public WebhookTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
