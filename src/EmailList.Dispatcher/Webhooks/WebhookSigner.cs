using StandardWebhooks;

namespace EmailList.Dispatcher.Webhooks;

/// <summary>The <c>webhook-signature</c> header per Standard Webhooks: one <c>v1,</c> signature per secret, space-separated.</summary>
public static class WebhookSigner
{
    public static string Sign(IReadOnlyList<string> secrets, string deliveryId, DateTimeOffset timestamp, string payload)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(deliveryId, timestamp, payload)));
    }
}
