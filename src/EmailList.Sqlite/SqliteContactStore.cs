using System.Globalization;
using System.Text.Json;
using EmailList.Core.Lists;
using EmailList.Core.Suppression;
using Microsoft.Data.Sqlite;

namespace EmailList.Sqlite;

/// <summary>
/// Contacts, subscriptions and erased addresses in their tables. One address is one contact through the unique
/// (tenant_id, email) index; changes that touch several rows run in one write transaction, single-row changes are one
/// conditional statement, so SQLite's write lock makes them atomic across connections and processes.
/// </summary>
public sealed class SqliteContactStore(SqliteDatabase database) : IContactStore
{
    private const string ContactColumns = "tenant_id, id, email, attributes, created_at, updated_at";

    private const string SubscriptionColumns =
        "tenant_id, list_id, contact_id, email, status, consent, confirmation_nonce, confirmation_sent_at, confirmed_at, unsubscribed_at, unsubscribe_reason, created_at, updated_at";

    public async Task<Contact> GetOrAddAsync(Contact candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var email = EmailAddressNormalizer.Normalize(candidate.Email);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO contacts ({ContactColumns}) VALUES ($tenantId, $id, $email, $attributes, $createdAt, $updatedAt)
            ON CONFLICT DO NOTHING;
            SELECT {ContactColumns} FROM contacts WHERE tenant_id = $tenantId AND email = $email;
            """;
        command.Parameters.AddWithValue("$tenantId", candidate.TenantId);
        command.Parameters.AddWithValue("$id", candidate.Id);
        command.Parameters.AddWithValue("$email", email);
        command.Parameters.AddWithValue("$attributes", candidate.Attributes);
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(candidate.CreatedAt));
        command.Parameters.AddWithValue("$updatedAt", SqliteTime.Write(candidate.UpdatedAt));
        return await ReadContactAsync(command, cancellationToken)
            ?? throw new InvalidOperationException($"Contact id '{candidate.Id}' is taken by another address.");
    }

    public async Task<Contact?> GetAsync(string tenantId, string contactId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ContactColumns} FROM contacts WHERE tenant_id = $tenantId AND id = $id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", contactId);
        return await ReadContactAsync(command, cancellationToken);
    }

    public async Task<Contact?> FindByEmailAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ContactColumns} FROM contacts WHERE tenant_id = $tenantId AND email = $email;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$email", EmailAddressNormalizer.Normalize(email));
        return await ReadContactAsync(command, cancellationToken);
    }

    public async Task<Contact?> UpdateAttributesAsync(string tenantId, string contactId, string attributes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE contacts SET attributes = $attributes, updated_at = $now WHERE tenant_id = $tenantId AND id = $id
            RETURNING {ContactColumns};
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$id", contactId);
        command.Parameters.AddWithValue("$attributes", attributes);
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        return await ReadContactAsync(command, cancellationToken);
    }

    public async Task<bool> EraseAsync(string tenantId, string contactId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            DELETE FROM subscriptions WHERE tenant_id = $tenantId AND contact_id = $id;
            DELETE FROM contacts WHERE tenant_id = $tenantId AND id = $id RETURNING email;
            """;
        delete.Parameters.AddWithValue("$tenantId", tenantId);
        delete.Parameters.AddWithValue("$id", contactId);
        if (await delete.ExecuteScalarAsync(cancellationToken) is not string email)
        {
            return false;
        }

        await using var remember = connection.CreateCommand();
        remember.Transaction = transaction;
        remember.CommandText = "INSERT OR REPLACE INTO erased_addresses (tenant_id, hash, erased_at) VALUES ($tenantId, $hash, $now);";
        remember.Parameters.AddWithValue("$tenantId", tenantId);
        remember.Parameters.AddWithValue("$hash", ErasedAddress.Hash(tenantId, email));
        remember.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        await remember.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> IsErasedAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM erased_addresses WHERE tenant_id = $tenantId AND hash = $hash);";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$hash", ErasedAddress.Hash(tenantId, email));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! != 0;
    }

    public async Task ClearErasureAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM erased_addresses WHERE tenant_id = $tenantId AND hash = $hash;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$hash", ErasedAddress.Hash(tenantId, email));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Subscription?> GetSubscriptionAsync(string tenantId, string listId, string contactId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SubscriptionCommand(connection, $"SELECT {SubscriptionColumns} FROM subscriptions", tenantId, listId, contactId);
        return await ReadSubscriptionAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Subscription>> GetSubscriptionsAsync(string tenantId, string contactId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SubscriptionColumns} FROM subscriptions WHERE tenant_id = $tenantId AND contact_id = $contactId ORDER BY list_id;";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$contactId", contactId);
        var subscriptions = new List<Subscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subscriptions.Add(ReadSubscription(reader, 0));
        }

        return subscriptions;
    }

    /// <summary><see cref="InvalidOperationException"/> when the tenant has no such contact.</summary>
    public async Task PutSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR REPLACE INTO subscriptions ({SubscriptionColumns})
            SELECT $tenantId, $listId, $contactId, $email, $status, $consent, $nonce, $sentAt, $confirmedAt, $unsubscribedAt, $reason, $createdAt, $updatedAt
            WHERE EXISTS (SELECT 1 FROM contacts WHERE tenant_id = $tenantId AND id = $contactId);
            """;
        command.Parameters.AddWithValue("$tenantId", subscription.TenantId);
        command.Parameters.AddWithValue("$listId", subscription.ListId);
        command.Parameters.AddWithValue("$contactId", subscription.ContactId);
        command.Parameters.AddWithValue("$email", EmailAddressNormalizer.Normalize(subscription.Email));
        command.Parameters.AddWithValue("$status", subscription.Status.ToString());
        command.Parameters.AddWithValue("$consent", ListStorageJson.Write(subscription.Consent));
        command.Parameters.AddWithValue("$nonce", (object?)subscription.ConfirmationNonce ?? DBNull.Value);
        command.Parameters.AddWithValue("$sentAt", Time(subscription.ConfirmationSentAt));
        command.Parameters.AddWithValue("$confirmedAt", Time(subscription.ConfirmedAt));
        command.Parameters.AddWithValue("$unsubscribedAt", Time(subscription.UnsubscribedAt));
        command.Parameters.AddWithValue("$reason", (object?)subscription.UnsubscribeReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$createdAt", SqliteTime.Write(subscription.CreatedAt));
        command.Parameters.AddWithValue("$updatedAt", SqliteTime.Write(subscription.UpdatedAt));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new InvalidOperationException($"Contact '{subscription.ContactId}' does not exist; a subscription needs its contact.");
        }
    }

    public async Task<ConfirmOutcome> ConfirmAsync(string tenantId, string listId, string contactId, string nonce, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One statement: the update wins only for the latest nonce while Pending; otherwise the row as it is tells why.
        await using var command = SubscriptionCommand(connection, """
            UPDATE subscriptions SET status = 'Subscribed', confirmed_at = $now, unsubscribed_at = NULL, unsubscribe_reason = NULL, updated_at = $now
            """, tenantId, listId, contactId, " AND status = 'Pending' AND confirmation_nonce = $nonce RETURNING status");
        command.Parameters.AddWithValue("$nonce", nonce);
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        if (await command.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return ConfirmOutcome.Confirmed;
        }

        await using var read = SubscriptionCommand(connection, "SELECT status FROM subscriptions", tenantId, listId, contactId);
        return await read.ExecuteScalarAsync(cancellationToken) switch
        {
            nameof(SubscriptionStatus.Subscribed) => ConfirmOutcome.AlreadyConfirmed,
            nameof(SubscriptionStatus.Unsubscribed) => ConfirmOutcome.Unsubscribed,
            _ => ConfirmOutcome.NotFound,
        };
    }

    public async Task<Subscription?> UnsubscribeAsync(string tenantId, string listId, string contactId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SubscriptionCommand(connection, """
            UPDATE subscriptions SET status = 'Unsubscribed', unsubscribed_at = $now, unsubscribe_reason = $reason, updated_at = $now
            """, tenantId, listId, contactId, $" AND status <> 'Unsubscribed'; SELECT {SubscriptionColumns} FROM subscriptions WHERE tenant_id = $tenantId AND list_id = $listId AND contact_id = $contactId");
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$now", SqliteTime.Write(now));
        return await ReadSubscriptionAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteSubscriptionAsync(string tenantId, string listId, string contactId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SubscriptionCommand(connection, "DELETE FROM subscriptions", tenantId, listId, contactId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary><see cref="ArgumentException"/> for a cursor not handed out for this tenant and these filters, or a status without a list.</summary>
    public async Task<ContactPage> QueryAsync(string tenantId, ContactQuery query, CancellationToken cancellationToken)
    {
        var range = ContactRange.From(tenantId, query);
        await using var connection = await database.OpenAsync(cancellationToken);
        // One read transaction: the contacts and their subscriptions come from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (range.ListId is null)
        {
            command.CommandText = $"""
                SELECT {ContactColumns} FROM contacts
                WHERE tenant_id = $tenantId AND id > $afterId AND ($text IS NULL OR instr(email, $text) > 0)
                ORDER BY id LIMIT $take;
                """;
        }
        else
        {
            command.CommandText = $"""
                SELECT {Prefixed("c", ContactColumns)} FROM subscriptions AS s
                JOIN contacts AS c ON c.tenant_id = s.tenant_id AND c.id = s.contact_id
                WHERE s.tenant_id = $tenantId AND s.list_id = $listId AND ($status IS NULL OR s.status = $status)
                  AND (s.status, s.contact_id) > ($afterStatus, $afterId) AND ($text IS NULL OR instr(s.email, $text) > 0)
                ORDER BY s.status, s.contact_id LIMIT $take;
                """;
            command.Parameters.AddWithValue("$listId", range.ListId);
            command.Parameters.AddWithValue("$status", (object?)range.Status?.ToString() ?? DBNull.Value);
            command.Parameters.AddWithValue("$afterStatus", range.AfterStatus?.ToString() ?? string.Empty);
        }

        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$afterId", range.AfterContactId ?? string.Empty);
        command.Parameters.AddWithValue("$text", (object?)range.Text ?? DBNull.Value);
        command.Parameters.AddWithValue("$take", range.Take);
        var found = new List<Contact>(range.Take);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(ReadContact(reader, 0));
            }
        }

        var subscriptions = new Dictionary<string, List<Subscription>>(StringComparer.Ordinal);
        if (found.Count > 0)
        {
            await using var read = connection.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = $"""
                SELECT {SubscriptionColumns} FROM subscriptions
                WHERE tenant_id = $tenantId AND contact_id IN (SELECT value FROM json_each($ids)) ORDER BY contact_id, list_id;
                """;
            read.Parameters.AddWithValue("$tenantId", tenantId);
            read.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(found.Select(c => c.Id).ToArray()));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var subscription = ReadSubscription(reader, 0);
                if (!subscriptions.TryGetValue(subscription.ContactId, out var own))
                {
                    subscriptions[subscription.ContactId] = own = [];
                }

                own.Add(subscription);
            }
        }

        return range.ToPage(found.Select(c => new ContactView(c, subscriptions.GetValueOrDefault(c.Id) ?? [])).ToList());
    }

    public async Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(string tenantId, string listId, string? afterContactId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Prefixed("s", SubscriptionColumns)}, {Prefixed("c", ContactColumns)} FROM subscriptions AS s
            JOIN contacts AS c ON c.tenant_id = s.tenant_id AND c.id = s.contact_id
            WHERE s.tenant_id = $tenantId AND s.list_id = $listId AND s.status = 'Subscribed' AND s.contact_id > $after
            ORDER BY s.contact_id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$listId", listId);
        command.Parameters.AddWithValue("$after", afterContactId ?? string.Empty);
        command.Parameters.AddWithValue("$limit", limit);
        var subscribers = new List<Subscriber>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subscribers.Add(new Subscriber(ReadSubscription(reader, 0), ReadContact(reader, 13)));
        }

        return subscribers;
    }

    public async Task<int> DeleteStalePendingAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // WITHOUT ROWID tables: work by key. A sign-up that followed an unsubscribe goes back to Unsubscribed, keeping
        // that record; the others are deleted, then the contacts those deletions left without a subscription.
        command.CommandText = """
            CREATE TEMP TABLE IF NOT EXISTS stale_pending (tenant_id TEXT NOT NULL, contact_id TEXT NOT NULL, list_id TEXT NOT NULL);
            DELETE FROM temp.stale_pending;
            INSERT INTO temp.stale_pending
                SELECT tenant_id, contact_id, list_id FROM subscriptions
                WHERE status = 'Pending' AND created_at < $before ORDER BY created_at LIMIT $limit;
            UPDATE subscriptions SET status = 'Unsubscribed', confirmation_nonce = NULL
                WHERE (tenant_id, contact_id, list_id) IN (SELECT tenant_id, contact_id, list_id FROM temp.stale_pending)
                  AND unsubscribed_at IS NOT NULL;
            DELETE FROM subscriptions
                WHERE (tenant_id, contact_id, list_id) IN (SELECT tenant_id, contact_id, list_id FROM temp.stale_pending)
                  AND status = 'Pending';
            DELETE FROM contacts
                WHERE (tenant_id, id) IN (SELECT tenant_id, contact_id FROM temp.stale_pending)
                  AND NOT EXISTS (SELECT 1 FROM subscriptions AS s WHERE s.tenant_id = contacts.tenant_id AND s.contact_id = contacts.id);
            SELECT COUNT(*) FROM temp.stale_pending;
            """;
        command.Parameters.AddWithValue("$before", SqliteTime.Write(createdBefore));
        command.Parameters.AddWithValue("$limit", limit);
        var deleted = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await using var drop = connection.CreateCommand();
        drop.Transaction = transaction;
        drop.CommandText = "DELETE FROM temp.stale_pending;";
        await drop.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static SqliteCommand SubscriptionCommand(SqliteConnection connection, string head, string tenantId, string listId, string contactId, string tail = "")
    {
        var command = connection.CreateCommand();
        command.CommandText = head + " WHERE tenant_id = $tenantId AND list_id = $listId AND contact_id = $contactId" + tail + ";";
        command.Parameters.AddWithValue("$tenantId", tenantId);
        command.Parameters.AddWithValue("$listId", listId);
        command.Parameters.AddWithValue("$contactId", contactId);
        return command;
    }

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(", ").Select(column => alias + "." + column));

    private static object Time(DateTimeOffset? value) => value is { } v ? SqliteTime.Write(v) : DBNull.Value;

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteTime.Read(reader.GetString(ordinal));

    private static async Task<Contact?> ReadContactAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadContact(reader, 0) : null;
    }

    private static async Task<Subscription?> ReadSubscriptionAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSubscription(reader, 0) : null;
    }

    private static Contact ReadContact(SqliteDataReader reader, int at) => new()
    {
        TenantId = reader.GetString(at),
        Id = reader.GetString(at + 1),
        Email = reader.GetString(at + 2),
        Attributes = reader.GetString(at + 3),
        CreatedAt = SqliteTime.Read(reader.GetString(at + 4)),
        UpdatedAt = SqliteTime.Read(reader.GetString(at + 5)),
    };

    private static Subscription ReadSubscription(SqliteDataReader reader, int at) => new()
    {
        TenantId = reader.GetString(at),
        ListId = reader.GetString(at + 1),
        ContactId = reader.GetString(at + 2),
        Email = reader.GetString(at + 3),
        Status = Enum.Parse<SubscriptionStatus>(reader.GetString(at + 4)),
        Consent = ListStorageJson.ReadConsent(reader.GetString(at + 5)),
        ConfirmationNonce = reader.IsDBNull(at + 6) ? null : reader.GetString(at + 6),
        ConfirmationSentAt = Time(reader, at + 7),
        ConfirmedAt = Time(reader, at + 8),
        UnsubscribedAt = Time(reader, at + 9),
        UnsubscribeReason = reader.IsDBNull(at + 10) ? null : reader.GetString(at + 10),
        CreatedAt = SqliteTime.Read(reader.GetString(at + 11)),
        UpdatedAt = SqliteTime.Read(reader.GetString(at + 12)),
    };
}
