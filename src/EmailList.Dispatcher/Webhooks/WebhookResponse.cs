namespace EmailList.Dispatcher.Webhooks;

/// <summary>What one POST found: the endpoint's status (null when it did not answer) and, unless 2xx, why it failed.</summary>
public sealed record WebhookResponse(int? StatusCode, string? Error, int DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
