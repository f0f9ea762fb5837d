using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using EmailList.Core.Lists;
using EmailList.Core.Suppression;
using static EmailList.Aws.Dynamo.DynamoDbContactItems;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Contacts and subscriptions in <c>&lt;prefix&gt;contacts</c> (<see cref="DynamoDbContactItems"/>; docs/data-model.md explains
/// the design). No transactions: one address is one contact through a conditional put of its <c>E#</c> claim; state
/// changes of a subscription are conditional updates of its one item; the pending clean-up deletes a contact only if
/// its <c>subscriptionsVersion</c> (bumped after every subscription write) did not move while it checked.
/// </summary>
public sealed class DynamoDbContactStore(IAmazonDynamoDB dynamo, DynamoDbTables tables, TimeProvider time) : IContactStore
{
    private const int MaxAttempts = 20;

    public async Task<Contact> GetOrAddAsync(Contact candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var contact = candidate with { Email = EmailAddressNormalizer.Normalize(candidate.Email) };
        for (var attempt = 1; ; attempt++)
        {
            var claim = await GetItemAsync(contact.TenantId, EmailPrefix + contact.Email, cancellationToken);
            if (claim is null)
            {
                try
                {
                    await dynamo.PutItemAsync(new PutItemRequest
                    {
                        TableName = tables.Contacts,
                        Item = Item(contact, EmailPrefix + contact.Email),
                        ConditionExpression = "attribute_not_exists(#pk)",
                        ExpressionAttributeNames = new() { ["#pk"] = Pk },
                    }, cancellationToken);
                }
                catch (ConditionalCheckFailedException)
                {
                    continue;
                }

                await PutContactIfAbsentAsync(contact, cancellationToken);
                return contact;
            }

            var owner = ReadContact(claim);
            if (await GetContactAsync(contact.TenantId, owner.Id, cancellationToken) is { } existing)
            {
                return existing;
            }

            // The claim's writer has not written the contact yet, or an erasure is deleting both: look again shortly.
            // A claim left alone (its writer died between the two puts) is completed from the copy it holds.
            if (attempt >= MaxAttempts)
            {
                await PutContactIfAbsentAsync(owner, cancellationToken);
                return await GetContactAsync(contact.TenantId, owner.Id, cancellationToken) ?? owner;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), time, cancellationToken);
        }
    }

    public Task<Contact?> GetAsync(string tenantId, string contactId, CancellationToken cancellationToken) =>
        GetContactAsync(tenantId, contactId, cancellationToken);

    public async Task<Contact?> FindByEmailAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        var claim = await GetItemAsync(tenantId, EmailPrefix + EmailAddressNormalizer.Normalize(email), cancellationToken);
        return claim is null ? null : await GetContactAsync(tenantId, claim[Id].S, cancellationToken);
    }

    public async Task<Contact?> UpdateAttributesAsync(string tenantId, string contactId, string attributes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, ContactKey(contactId)),
                UpdateExpression = "SET #attributes = :attributes, #updatedAt = :now",
                ConditionExpression = "attribute_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#attributes"] = Attributes, ["#updatedAt"] = UpdatedAt },
                ExpressionAttributeValues = new() { [":attributes"] = S(attributes), [":now"] = S(DynamoDbTime.Write(now)) },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return ReadContact(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <summary>The erased mark first, then the subscriptions, the address's claim and the contact: a failure part-way leaves the address marked, and erasing again finishes.</summary>
    public async Task<bool> EraseAsync(string tenantId, string contactId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await GetContactAsync(tenantId, contactId, cancellationToken) is not { } contact)
        {
            return false;
        }

        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Contacts,
            Item = new() { [Pk] = S(tenantId), [Sk] = S(ErasedPrefix + ErasedAddress.Hash(tenantId, contact.Email)), [CreatedAt] = S(DynamoDbTime.Write(now)) },
        }, cancellationToken);
        foreach (var item in await ReadContactRangeAsync(tenantId, contactId, cancellationToken))
        {
            if (IsSubscription(item))
            {
                await DeleteItemAsync(tenantId, item[Sk].S, cancellationToken);
            }
        }

        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, EmailPrefix + contact.Email),
                ConditionExpression = "#id = :id",
                ExpressionAttributeNames = new() { ["#id"] = Id },
                ExpressionAttributeValues = new() { [":id"] = S(contactId) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // The claim is gone already or names another contact: not ours to delete.
        }

        await DeleteItemAsync(tenantId, ContactKey(contactId), cancellationToken);
        return true;
    }

    public async Task<bool> IsErasedAsync(string tenantId, string email, CancellationToken cancellationToken) =>
        await GetItemAsync(tenantId, ErasedPrefix + ErasedAddress.Hash(tenantId, email), cancellationToken) is not null;

    public Task ClearErasureAsync(string tenantId, string email, CancellationToken cancellationToken) =>
        DeleteItemAsync(tenantId, ErasedPrefix + ErasedAddress.Hash(tenantId, email), cancellationToken);

    public async Task<Subscription?> GetSubscriptionAsync(string tenantId, string listId, string contactId, CancellationToken cancellationToken) =>
        await GetItemAsync(tenantId, SubscriptionKey(contactId, listId), cancellationToken) is { } item ? ReadSubscription(item) : null;

    /// <summary>One query of the contact's range (the contact and its subscriptions sort together).</summary>
    public async Task<IReadOnlyList<Subscription>> GetSubscriptionsAsync(string tenantId, string contactId, CancellationToken cancellationToken) =>
        [.. (await ReadContactRangeAsync(tenantId, contactId, cancellationToken)).Where(IsSubscription).Select(ReadSubscription).OrderBy(s => s.ListId, StringComparer.Ordinal)];

    /// <summary>
    /// The subscription item, then the contact's <c>subscriptionsVersion</c> bumped; <see cref="InvalidOperationException"/>
    /// (and the subscription removed again) when the contact no longer exists.
    /// </summary>
    public async Task PutSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var stored = subscription with { Email = EmailAddressNormalizer.Normalize(subscription.Email) };
        await dynamo.PutItemAsync(new PutItemRequest { TableName = tables.Contacts, Item = Item(stored) }, cancellationToken);
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(stored.TenantId, ContactKey(stored.ContactId)),
                UpdateExpression = "ADD #version :one",
                ConditionExpression = "attribute_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#version"] = SubscriptionsVersion },
                ExpressionAttributeValues = new() { [":one"] = new AttributeValue { N = "1" } },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            await DeleteItemAsync(stored.TenantId, SubscriptionKey(stored.ContactId, stored.ListId), cancellationToken);
            throw new InvalidOperationException($"Contact '{stored.ContactId}' no longer exists; its subscription was not kept.", e);
        }
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string tenantId, string listId, string contactId, string nonce, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, SubscriptionKey(contactId, listId)),
                // Confirming ends an earlier unsubscribe that the sign-up kept (see DeleteStalePendingAsync).
                UpdateExpression = "SET #status = :subscribed, #confirmedAt = :now, #updatedAt = :now, #listSort = :position REMOVE #shard, #pendingAt, #unsubscribedAt, #reason",
                ConditionExpression = "#status = :pending AND #nonce = :nonce",
                ExpressionAttributeNames = new()
                {
                    ["#status"] = Status,
                    ["#confirmedAt"] = ConfirmedAt,
                    ["#unsubscribedAt"] = UnsubscribedAt,
                    ["#reason"] = Reason,
                    ["#updatedAt"] = UpdatedAt,
                    ["#listSort"] = ListSort,
                    ["#shard"] = PendingShard,
                    ["#pendingAt"] = PendingAt,
                    ["#nonce"] = Nonce,
                },
                ExpressionAttributeValues = new()
                {
                    [":subscribed"] = S(nameof(SubscriptionStatus.Subscribed)),
                    [":pending"] = S(nameof(SubscriptionStatus.Pending)),
                    [":now"] = S(DynamoDbTime.Write(now)),
                    [":position"] = S(ListPosition(SubscriptionStatus.Subscribed, contactId)),
                    [":nonce"] = S(nonce),
                },
            }, cancellationToken);
            return ConfirmOutcome.Confirmed;
        }
        catch (ConditionalCheckFailedException)
        {
            return (await GetSubscriptionAsync(tenantId, listId, contactId, cancellationToken))?.Status switch
            {
                SubscriptionStatus.Subscribed => ConfirmOutcome.AlreadyConfirmed,
                SubscriptionStatus.Unsubscribed => ConfirmOutcome.Unsubscribed,
                _ => ConfirmOutcome.NotFound,
            };
        }
    }

    public async Task<Subscription?> UnsubscribeAsync(string tenantId, string listId, string contactId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, SubscriptionKey(contactId, listId)),
                UpdateExpression = "SET #status = :unsubscribed, #unsubscribedAt = :now, #reason = :reason, #updatedAt = :now, #listSort = :position REMOVE #shard, #pendingAt",
                ConditionExpression = "attribute_exists(#pk) AND #status <> :unsubscribed",
                ExpressionAttributeNames = new()
                {
                    ["#pk"] = Pk,
                    ["#status"] = Status,
                    ["#unsubscribedAt"] = UnsubscribedAt,
                    ["#reason"] = Reason,
                    ["#updatedAt"] = UpdatedAt,
                    ["#listSort"] = ListSort,
                    ["#shard"] = PendingShard,
                    ["#pendingAt"] = PendingAt,
                },
                ExpressionAttributeValues = new()
                {
                    [":unsubscribed"] = S(nameof(SubscriptionStatus.Unsubscribed)),
                    [":now"] = S(DynamoDbTime.Write(now)),
                    [":reason"] = S(reason),
                    [":position"] = S(ListPosition(SubscriptionStatus.Unsubscribed, contactId)),
                },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return ReadSubscription(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return await GetSubscriptionAsync(tenantId, listId, contactId, cancellationToken);
        }
    }

    public async Task<bool> DeleteSubscriptionAsync(string tenantId, string listId, string contactId, CancellationToken cancellationToken)
    {
        var deleted = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tables.Contacts,
            Key = Key(tenantId, SubscriptionKey(contactId, listId)),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        return deleted.Attributes is { Count: > 0 };
    }

    /// <summary>
    /// Without a list, a strongly consistent Query of the tenant's <c>C#</c> range (contacts with their subscriptions);
    /// with one, the <c>by-list</c> index, then each contact's range. The text filter is a FilterExpression on
    /// <c>contains(email)</c> within those queries: DynamoDB still reads (and bills) the items it drops.
    /// </summary>
    public async Task<ContactPage> QueryAsync(string tenantId, ContactQuery query, CancellationToken cancellationToken)
    {
        var range = ContactRange.From(tenantId, query);
        return range.ListId is null
            ? range.ToPage(await QueryTenantAsync(range, cancellationToken))
            : range.ToPage(await QueryListAsync(range, cancellationToken));
    }

    public async Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(string tenantId, string listId, string? afterContactId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var subscribed = ListPosition(SubscriptionStatus.Subscribed, "");
        var members = await QueryListIndexAsync(
            tenantId, listId, afterContactId is null ? subscribed : subscribed + afterContactId + "!", subscribed[..^1] + "$", null, limit, cancellationToken);
        var subscribers = new List<Subscriber>(members.Count);
        foreach (var chunk in members.Chunk(25))
        {
            var contacts = await Task.WhenAll(chunk.Select(member => GetContactAsync(tenantId, member.ContactId, cancellationToken)));
            subscribers.AddRange(chunk.Zip(contacts).Where(pair => pair.Second is not null).Select(pair => new Subscriber(pair.First, pair.Second!)));
        }

        return subscribers;
    }

    /// <summary>
    /// Reads the sparse <c>by-pending</c> index shard by shard (the oldest first within each); each subscription is
    /// deleted only if it is still Pending and carries no earlier unsubscribe (one that does returns to Unsubscribed
    /// with that record), and its contact only if it has no subscription left and none was written while this looked
    /// (<c>subscriptionsVersion</c> unchanged).
    /// </summary>
    public async Task<int> DeleteStalePendingAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var deleted = 0;
        for (var shard = 0; shard < PendingShards && deleted < limit; shard++)
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var response = await dynamo.QueryAsync(new QueryRequest
                {
                    TableName = tables.Contacts,
                    IndexName = DynamoDbTables.ByPendingIndex,
                    KeyConditionExpression = "#shard = :shard AND #pendingAt < :before",
                    ExpressionAttributeNames = new() { ["#shard"] = PendingShard, ["#pendingAt"] = PendingAt },
                    ExpressionAttributeValues = new()
                    {
                        [":shard"] = S("P" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        [":before"] = S(DynamoDbTime.Write(createdBefore)),
                    },
                    ExclusiveStartKey = start,
                    Limit = limit - deleted,
                }, cancellationToken);
                foreach (var item in response.Items ?? [])
                {
                    if (deleted < limit && await DeleteIfPendingAsync(item[Pk].S, item[Sk].S, createdBefore, cancellationToken))
                    {
                        deleted++;
                    }
                }

                start = response.LastEvaluatedKey is { Count: > 0 } next && deleted < limit ? next : null;
            }
            while (start is not null);
        }

        return deleted;
    }

    private async Task<bool> DeleteIfPendingAsync(string tenantId, string sortKey, DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, sortKey),
                ConditionExpression = "#status = :pending AND #createdAt < :before AND attribute_not_exists(#unsubscribedAt)",
                ExpressionAttributeNames = new() { ["#status"] = Status, ["#createdAt"] = CreatedAt, ["#unsubscribedAt"] = UnsubscribedAt },
                ExpressionAttributeValues = new()
                {
                    [":pending"] = S(nameof(SubscriptionStatus.Pending)),
                    [":before"] = S(DynamoDbTime.Write(createdBefore)),
                },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Confirmed, unsubscribed or deleted since the index was written, or a sign-up after an unsubscribe.
            return await RestoreUnsubscribeAsync(tenantId, sortKey, createdBefore, cancellationToken);
        }

        var contactId = sortKey[ContactPrefix.Length..sortKey.IndexOf(SubscriptionInfix, StringComparison.Ordinal)];
        var contact = await GetItemAsync(tenantId, ContactKey(contactId), cancellationToken);
        if (contact is null || (await ReadContactRangeAsync(tenantId, contactId, cancellationToken)).Any(IsSubscription))
        {
            return true;
        }

        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, ContactKey(contactId)),
                ConditionExpression = contact.TryGetValue(SubscriptionsVersion, out var version) ? "#version = :version" : "attribute_not_exists(#version)",
                ExpressionAttributeNames = new() { ["#version"] = SubscriptionsVersion },
                ExpressionAttributeValues = version is null ? null : new() { [":version"] = version },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // A subscription was written meanwhile: the contact stays.
            return true;
        }

        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, EmailPrefix + contact[Email].S),
                ConditionExpression = "#id = :id",
                ExpressionAttributeNames = new() { ["#id"] = Id },
                ExpressionAttributeValues = new() { [":id"] = S(contactId) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // The address has been claimed by another contact since.
        }

        return true;
    }

    /// <summary>A stale sign-up of someone who had unsubscribed: back to Unsubscribed with that record, never deleted (the unsubscribe must not be forgotten).</summary>
    private async Task<bool> RestoreUnsubscribeAsync(string tenantId, string sortKey, DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        var contactId = sortKey[ContactPrefix.Length..sortKey.IndexOf(SubscriptionInfix, StringComparison.Ordinal)];
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Contacts,
                Key = Key(tenantId, sortKey),
                UpdateExpression = "SET #status = :unsubscribed, #listSort = :position REMOVE #shard, #pendingAt, #nonce",
                ConditionExpression = "#status = :pending AND #createdAt < :before AND attribute_exists(#unsubscribedAt)",
                ExpressionAttributeNames = new()
                {
                    ["#status"] = Status,
                    ["#createdAt"] = CreatedAt,
                    ["#unsubscribedAt"] = UnsubscribedAt,
                    ["#listSort"] = ListSort,
                    ["#shard"] = PendingShard,
                    ["#pendingAt"] = PendingAt,
                    ["#nonce"] = Nonce,
                },
                ExpressionAttributeValues = new()
                {
                    [":unsubscribed"] = S(nameof(SubscriptionStatus.Unsubscribed)),
                    [":pending"] = S(nameof(SubscriptionStatus.Pending)),
                    [":before"] = S(DynamoDbTime.Write(createdBefore)),
                    [":position"] = S(ListPosition(SubscriptionStatus.Unsubscribed, contactId)),
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task<List<ContactView>> QueryTenantAsync(ContactRange range, CancellationToken cancellationToken)
    {
        var views = new List<ContactView>(range.Take);
        List<Subscription>? current = null;
        Dictionary<string, AttributeValue>? start = null;
        var values = new Dictionary<string, AttributeValue>
        {
            [":pk"] = S(range.TenantId),
            [":from"] = S(range.AfterContactId is { } after ? ContactKey(after) + "$" : ContactPrefix),
            [":to"] = S(ContactPrefix[..^1] + "$"),
        };
        var names = new Dictionary<string, string> { ["#pk"] = Pk, ["#sk"] = Sk };
        string? filter = null;
        if (range.Text is { } text)
        {
            filter = "contains(#email, :text)";
            names["#email"] = Email;
            values[":text"] = S(text);
        }

        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Contacts,
                ConsistentRead = true,
                KeyConditionExpression = "#pk = :pk AND #sk BETWEEN :from AND :to",
                FilterExpression = filter,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ExclusiveStartKey = start,
                Limit = Math.Max(10, (range.Take - views.Count) * 4),
            }, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                if (!IsSubscription(item))
                {
                    // The (Take)th contact begins: every one before it is complete.
                    if (views.Count == range.Take)
                    {
                        return views;
                    }

                    current = [];
                    views.Add(new ContactView(ReadContact(item), current));
                }
                else if (current is not null && views[^1].Contact.Id == item[ContactId].S)
                {
                    current.Add(ReadSubscription(item));
                }
            }

            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return views;
    }

    private async Task<List<ContactView>> QueryListAsync(ContactRange range, CancellationToken cancellationToken)
    {
        var listId = range.ListId!;
        var from = range.Status is { } status ? ListPosition(status, "") : "A";
        if (range.AfterContactId is { } after)
        {
            from = ListPosition(range.AfterStatus!.Value, after) + "!";
        }

        var to = range.Status is { } only ? ListPosition(only, "")[..^1] + "$" : "~";
        var views = new List<ContactView>(range.Take);
        while (views.Count < range.Take)
        {
            var wanted = range.Take - views.Count;
            var members = await QueryListIndexAsync(range.TenantId, listId, from, to, range.Text, wanted, cancellationToken);
            if (members.Count == 0)
            {
                break;
            }

            var ranges = await Task.WhenAll(members.Select(member => ReadContactRangeAsync(range.TenantId, member.ContactId, cancellationToken)));
            foreach (var (member, items) in members.Zip(ranges))
            {
                // A contact erased since the index was written is skipped; the index's subscription keeps the order.
                if (items.FirstOrDefault(item => !IsSubscription(item)) is not { } contact)
                {
                    continue;
                }

                var subscriptions = items.Where(IsSubscription).Select(ReadSubscription).Where(s => s.ListId != listId).Append(member)
                    .OrderBy(s => s.ListId, StringComparer.Ordinal).ToList();
                views.Add(new ContactView(ReadContact(contact), subscriptions));
            }

            from = ListPosition(members[^1].Status, members[^1].ContactId) + "!";
            if (members.Count < wanted)
            {
                break;
            }
        }

        return views;
    }

    /// <summary>Subscriptions of the <c>by-list</c> index with a position in [<paramref name="from"/>, <paramref name="to"/>], at most <paramref name="limit"/>.</summary>
    private async Task<List<Subscription>> QueryListIndexAsync(
        string tenantId, string listId, string from, string to, string? text, int limit, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string> { ["#listKey"] = ListKey, ["#listSort"] = ListSort };
        var values = new Dictionary<string, AttributeValue>
        {
            [":listKey"] = S(ListPartition(tenantId, listId)),
            [":from"] = S(from),
            [":to"] = S(to),
        };
        string? filter = null;
        if (text is not null)
        {
            filter = "contains(#email, :text)";
            names["#email"] = Email;
            values[":text"] = S(text);
        }

        var members = new List<Subscription>(limit);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Contacts,
                IndexName = DynamoDbTables.ByListIndex,
                KeyConditionExpression = "#listKey = :listKey AND #listSort BETWEEN :from AND :to",
                FilterExpression = filter,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ExclusiveStartKey = start,
                Limit = limit - members.Count,
            }, cancellationToken);
            members.AddRange((response.Items ?? []).Select(ReadSubscription));
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && members.Count < limit);

        return members;
    }

    /// <summary>The contact's item and its subscriptions' (one range of the partition), strongly consistent.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> ReadContactRangeAsync(string tenantId, string contactId, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tables.Contacts,
                ConsistentRead = true,
                KeyConditionExpression = "#pk = :pk AND #sk BETWEEN :from AND :to",
                ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#sk"] = Sk },
                ExpressionAttributeValues = new()
                {
                    [":pk"] = S(tenantId),
                    [":from"] = S(ContactKey(contactId)),
                    [":to"] = S(ContactKey(contactId) + "$"),
                },
                ExclusiveStartKey = start,
            }, cancellationToken);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return items;
    }

    private async Task PutContactIfAbsentAsync(Contact contact, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tables.Contacts,
                Item = Item(contact, ContactKey(contact.Id)),
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = Pk },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Written already.
        }
    }

    private async Task<Contact?> GetContactAsync(string tenantId, string contactId, CancellationToken cancellationToken) =>
        await GetItemAsync(tenantId, ContactKey(contactId), cancellationToken) is { } item ? ReadContact(item) : null;

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string tenantId, string sortKey, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tables.Contacts, Key = Key(tenantId, sortKey), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task DeleteItemAsync(string tenantId, string sortKey, CancellationToken cancellationToken) =>
        await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = tables.Contacts, Key = Key(tenantId, sortKey) }, cancellationToken);
}
