namespace EmailList.Sandbox.State;

/// <summary>An injected failure; <see cref="Remaining"/> below zero means until cleared.</summary>
internal sealed class Fault(string accountId, string operation, int statusCode, string errorCode, string message, int remaining)
{
    public string AccountId { get; } = accountId;

    public string Operation { get; } = operation;

    public int StatusCode { get; } = statusCode;

    public string ErrorCode { get; } = errorCode;

    public string Message { get; } = message;

    public int Remaining { get; set; } = remaining;
}
