using System.Globalization;
using EmailList.Core.Paging;

namespace EmailList.Core.Webhooks;

/// <summary>
/// A <see cref="WebhookDeliveryQuery"/> read the same way by every <see cref="IWebhookDeliveryStore"/>: the webhook's
/// deliveries before the cursor's log key (newest first), at most <see cref="Limit"/>, the cursor bound to tenant and
/// webhook (<see cref="KeyRange"/>).
/// </summary>
public sealed class WebhookDeliveryRange
{
    public const int MaxPageSize = KeyRange.MaxPageSize;

    /// <summary>The prefix of delivery ids (<c>RandomId.Derive("msg_", ...)</c>): the <c>webhook-id</c> header.</summary>
    public const string DeliveryIdPrefix = "msg_";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const int TimeLength = 28;

    private readonly KeyRange _range;

    private WebhookDeliveryRange(KeyRange range, string webhookId, WebhookDeliveryStatus? status)
    {
        _range = range;
        WebhookId = webhookId;
        Status = status;
    }

    public string TenantId => _range.TenantId;

    public string WebhookId { get; }

    public WebhookDeliveryStatus? Status { get; }

    public int Limit => _range.Limit;

    /// <summary>The log key of the previous page's last delivery; the range continues with older ones.</summary>
    public string? Before => _range.After;

    /// <summary>How many deliveries a store reads: one more than asked for tells whether another page exists.</summary>
    public int Take => _range.Take;

    /// <summary>
    /// <see cref="ArgumentOutOfRangeException"/> for a limit outside 1-<see cref="MaxPageSize"/>; <see cref="ArgumentException"/>
    /// for a cursor not handed out for this tenant's webhook.
    /// </summary>
    public static WebhookDeliveryRange From(string tenantId, WebhookDeliveryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.WebhookId, nameof(query));
        return new WebhookDeliveryRange(
            KeyRange.From("webhook-deliveries/" + query.WebhookId + "/" + query.Status, tenantId, query.Limit, query.Cursor, IsLogKey),
            query.WebhookId,
            query.Status);
    }

    /// <summary>The key a webhook's log is sorted by: creation time (fixed-width UTC text), then id; newest is greatest.</summary>
    public static string LogKey(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.CreatedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "/" + delivery.Id;
    }

    /// <summary>The page of up to <see cref="Take"/> deliveries read newest first, with a cursor when older ones follow.</summary>
    public WebhookDeliveryPage ToPage(List<WebhookDelivery> read) => new(read, _range.Page(read, LogKey));

    private static bool IsLogKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash == TimeLength
            && DateTime.TryParseExact(key[..slash], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _)
            && key.Length > slash + 1;
    }
}
