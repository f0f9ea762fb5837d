namespace EmailList.Testing.Webhooks;

/// <summary>One POST a <see cref="WebhookReceiver"/> took, as it arrived, and what it answered.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string ContentType, string Payload, int AnsweredStatus);
