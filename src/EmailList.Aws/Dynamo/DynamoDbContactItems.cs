using EmailList.Core.Lists;
using Amazon.DynamoDBv2.Model;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// The items of <c>&lt;prefix&gt;contacts</c>, all in the tenant's partition (<c>pk</c> = tenant id), told apart by the sort key:
/// <c>C#&lt;contactId&gt;</c> the contact, <c>C#&lt;contactId&gt;#L#&lt;listId&gt;</c> its subscription to a list (so a contact and its
/// subscriptions are one range), <c>E#&lt;email&gt;</c> the address's claim (one contact per address: a conditional put),
/// <c>X#&lt;hash&gt;</c> an erased address. Subscriptions carry the keys of the <c>by-list</c> index
/// (<c>tenant#list</c>, <c>status#contactId</c>) and, while Pending, of the sparse <c>by-pending</c> index (a shard, createdAt).
/// </summary>
internal static class DynamoDbContactItems
{
    public const string Pk = "pk";
    public const string Sk = "sk";
    public const string ListKey = "listKey";
    public const string ListSort = "listSort";
    public const string PendingShard = "pendingShard";
    public const string PendingAt = "pendingAt";

    /// <summary>Partitions of the <c>by-pending</c> index, so sign-ups across every tenant do not all write one index partition.</summary>
    public const int PendingShards = 4;

    public const string ContactPrefix = "C#";
    public const string SubscriptionInfix = "#L#";
    public const string EmailPrefix = "E#";
    public const string ErasedPrefix = "X#";

    public const string Id = "id";
    public const string Email = "email";
    public const string Attributes = "attributes";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";
    public const string ContactId = "contactId";
    public const string ListId = "listId";
    public const string Status = "status";
    public const string Consent = "consent";
    public const string Nonce = "nonce";
    public const string SentAt = "confirmationSentAt";
    public const string ConfirmedAt = "confirmedAt";
    public const string UnsubscribedAt = "unsubscribedAt";
    public const string Reason = "unsubscribeReason";
    public const string SubscriptionsVersion = "subscriptionsVersion";

    public static string ContactKey(string contactId) => ContactPrefix + contactId;

    public static string SubscriptionKey(string contactId, string listId) => ContactPrefix + contactId + SubscriptionInfix + listId;

    public static string ListPartition(string tenantId, string listId) => tenantId + "#" + listId;

    public static string ListPosition(SubscriptionStatus status, string contactId) => status + "#" + contactId;

    public static Dictionary<string, AttributeValue> Key(string tenantId, string sortKey) => new() { [Pk] = S(tenantId), [Sk] = S(sortKey) };

    public static bool IsSubscription(Dictionary<string, AttributeValue> item) => item[Sk].S.Contains(SubscriptionInfix, StringComparison.Ordinal);

    public static Dictionary<string, AttributeValue> Item(Contact contact, string sortKey) => new()
    {
        [Pk] = S(contact.TenantId),
        [Sk] = S(sortKey),
        [Id] = S(contact.Id),
        [Email] = S(contact.Email),
        [Attributes] = S(contact.Attributes),
        [CreatedAt] = S(DynamoDbTime.Write(contact.CreatedAt)),
        [UpdatedAt] = S(DynamoDbTime.Write(contact.UpdatedAt)),
    };

    public static Contact ReadContact(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[Pk].S,
        Id = item[Id].S,
        Email = item[Email].S,
        Attributes = item[Attributes].S,
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
    };

    public static Dictionary<string, AttributeValue> Item(Subscription subscription)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S(subscription.TenantId),
            [Sk] = S(SubscriptionKey(subscription.ContactId, subscription.ListId)),
            [ContactId] = S(subscription.ContactId),
            [ListId] = S(subscription.ListId),
            [Email] = S(subscription.Email),
            [Status] = S(subscription.Status.ToString()),
            [Consent] = S(ListStorageJson.Write(subscription.Consent)),
            [CreatedAt] = S(DynamoDbTime.Write(subscription.CreatedAt)),
            [UpdatedAt] = S(DynamoDbTime.Write(subscription.UpdatedAt)),
            [ListKey] = S(ListPartition(subscription.TenantId, subscription.ListId)),
            [ListSort] = S(ListPosition(subscription.Status, subscription.ContactId)),
        };
        Optional(item, Nonce, subscription.ConfirmationNonce);
        Optional(item, SentAt, subscription.ConfirmationSentAt);
        Optional(item, ConfirmedAt, subscription.ConfirmedAt);
        Optional(item, UnsubscribedAt, subscription.UnsubscribedAt);
        Optional(item, Reason, subscription.UnsubscribeReason);
        if (subscription.Status == SubscriptionStatus.Pending)
        {
            item[PendingShard] = S(PendingShardOf(subscription.ContactId + subscription.ListId));
            item[PendingAt] = S(DynamoDbTime.Write(subscription.CreatedAt));
        }

        return item;
    }

    public static Subscription ReadSubscription(Dictionary<string, AttributeValue> item) => new()
    {
        TenantId = item[Pk].S,
        ListId = item[ListId].S,
        ContactId = item[ContactId].S,
        Email = item[Email].S,
        Status = Enum.Parse<SubscriptionStatus>(item[Status].S),
        Consent = ListStorageJson.ReadConsent(item[Consent].S),
        ConfirmationNonce = item.TryGetValue(Nonce, out var nonce) ? nonce.S : null,
        ConfirmationSentAt = Time(item, SentAt),
        ConfirmedAt = Time(item, ConfirmedAt),
        UnsubscribedAt = Time(item, UnsubscribedAt),
        UnsubscribeReason = item.TryGetValue(Reason, out var reason) ? reason.S : null,
        CreatedAt = DynamoDbTime.Read(item[CreatedAt].S),
        UpdatedAt = DynamoDbTime.Read(item[UpdatedAt].S),
    };

    public static string PendingShardOf(string text)
    {
        var hash = 0u;
        foreach (var c in text)
        {
            hash = (hash * 31) + c;
        }

        return "P" + (hash % PendingShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static AttributeValue S(string value) => new() { S = value };

    private static void Optional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    private static void Optional(Dictionary<string, AttributeValue> item, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            item[name] = S(DynamoDbTime.Write(v));
        }
    }

    private static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? DynamoDbTime.Read(value.S) : null;
}
