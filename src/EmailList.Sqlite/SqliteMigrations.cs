namespace EmailList.Sqlite;

/// <summary>
/// The schema, as an append-only list: a database at version N gets migrations N+1.. applied, in
/// order, in one write transaction. Never edit a migration that has shipped; add the next one.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<(int Version, string Sql)> All { get; } =
    [
        (1, """
            CREATE TABLE tenants (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                external_id TEXT NOT NULL,
                status TEXT NOT NULL,
                aws_account_id TEXT NULL,
                role_arn TEXT NULL,
                region TEXT NULL,
                configuration_set_name TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX tenants_by_account ON tenants (aws_account_id) WHERE aws_account_id IS NOT NULL;
            CREATE TABLE suppression (
                tenant_id TEXT NOT NULL,
                email TEXT NOT NULL,
                reason TEXT NOT NULL,
                source TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, email)
            ) STRICT, WITHOUT ROWID;
            """),
        (2, """
            ALTER TABLE tenants ADD COLUMN event_retention_days INTEGER NOT NULL DEFAULT 90;
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY,
                tenant_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                type TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                message_id TEXT NOT NULL,
                sent_at TEXT NULL,
                recipients TEXT NOT NULL,
                from_address TEXT NULL,
                subject TEXT NULL,
                tags TEXT NOT NULL,
                bounce_type TEXT NULL,
                bounce_sub_type TEXT NULL,
                diagnostic_code TEXT NULL,
                complaint_feedback_type TEXT NULL,
                click_link TEXT NULL,
                user_agent TEXT NULL,
                ip_address TEXT NULL,
                delay_type TEXT NULL,
                reason TEXT NULL,
                raw_json TEXT NOT NULL,
                received_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            ) STRICT;
            CREATE UNIQUE INDEX events_by_id ON events (tenant_id, event_id);
            CREATE INDEX events_by_time ON events (tenant_id, occurred_at DESC, event_id DESC, type);
            CREATE INDEX events_by_type ON events (tenant_id, type, occurred_at DESC, event_id DESC);
            CREATE INDEX events_by_message ON events (tenant_id, message_id, occurred_at, event_id);
            CREATE INDEX events_by_expiry ON events (expires_at);
            CREATE TABLE event_recipients (
                tenant_id TEXT NOT NULL,
                recipient TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event_seq INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, recipient, occurred_at, event_id)
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE event_tags (
                tenant_id TEXT NOT NULL,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event_seq INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, name, value, occurred_at, event_id)
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE messages (
                tenant_id TEXT NOT NULL,
                message_id TEXT NOT NULL,
                status TEXT NOT NULL,
                from_address TEXT NULL,
                subject TEXT NULL,
                recipients TEXT NOT NULL,
                sent_at TEXT NULL,
                first_event_at TEXT NOT NULL,
                last_event_at TEXT NOT NULL,
                event_count INTEGER NOT NULL,
                deliveries INTEGER NOT NULL,
                bounces INTEGER NOT NULL,
                complaints INTEGER NOT NULL,
                opens INTEGER NOT NULL,
                clicks INTEGER NOT NULL,
                expires_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, message_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX messages_by_expiry ON messages (expires_at);
            """),
        (3, """
            ALTER TABLE tenants ADD COLUMN allow_shared_account INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE tenants ADD COLUMN forwarding TEXT NOT NULL DEFAULT 'NotConfigured';
            ALTER TABLE tenants ADD COLUMN forwarding_detail TEXT NULL;
            """),
        // mail.destination, so that a message's roll-up names every recipient whichever event arrives first.
        // Events stored before this keep '[]': the roll-up then falls back on their recipients.
        (4, """
            ALTER TABLE events ADD COLUMN destination TEXT NOT NULL DEFAULT '[]';
            """),
        // The per-recipient rates divide recipient sums, so CountAsync needs each event's recipient count; in the time
        // index it keeps the count's scan covering. Events stored before are counted from their recipients.
        (5, """
            ALTER TABLE events ADD COLUMN recipient_count INTEGER NOT NULL DEFAULT 0;
            UPDATE events SET recipient_count = json_array_length(recipients);
            DROP INDEX events_by_time;
            CREATE INDEX events_by_time ON events (tenant_id, occurred_at DESC, event_id DESC, type, recipient_count);
            """),
        // Stored templates, every version kept; the latest is the highest version of a name.
        (6, """
            CREATE TABLE templates (
                tenant_id TEXT NOT NULL,
                name TEXT NOT NULL,
                version INTEGER NOT NULL,
                subject TEXT NOT NULL,
                html TEXT NULL,
                text TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, name, version)
            ) STRICT, WITHOUT ROWID;
            """),
        // Scheduled mail. ready_at is when the dispatcher may claim it (the scheduled time, then the lease's end while
        // Sending, then the release time) and NULL once it is final, so the partial index holds only pending mail.
        (7, """
            CREATE TABLE scheduled_mail (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                status TEXT NOT NULL,
                scheduled_at TEXT NOT NULL,
                ready_at TEXT NULL,
                owner TEXT NULL,
                lease_until TEXT NULL,
                content TEXT NOT NULL,
                recipients INTEGER NOT NULL,
                attempts INTEGER NOT NULL,
                message_id TEXT NULL,
                suppressed TEXT NOT NULL,
                failure_reason TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                sent_at TEXT NULL,
                PRIMARY KEY (tenant_id, id)
            ) STRICT;
            CREATE INDEX scheduled_mail_ready ON scheduled_mail (tenant_id, ready_at, id) WHERE ready_at IS NOT NULL;
            """),
        // Email lists: lists, contacts (one per normalized address per tenant), their subscriptions with consent, and the
        // hashes of erased addresses. subscriptions_by_list serves a list's members by status in contact-id order (the
        // contact filter and a broadcast's walk); subscriptions_pending holds only sign-ups waiting for confirmation.
        (8, """
            CREATE TABLE lists (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                public_key TEXT NOT NULL,
                name TEXT NOT NULL,
                from_address TEXT NOT NULL,
                reply_to TEXT NULL,
                double_opt_in INTEGER NOT NULL,
                confirmation TEXT NULL,
                allowed_origins TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id)
            ) STRICT, WITHOUT ROWID;
            CREATE UNIQUE INDEX lists_by_public_key ON lists (public_key);
            CREATE TABLE contacts (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                email TEXT NOT NULL,
                attributes TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id)
            ) STRICT, WITHOUT ROWID;
            CREATE UNIQUE INDEX contacts_by_email ON contacts (tenant_id, email);
            CREATE TABLE subscriptions (
                tenant_id TEXT NOT NULL,
                contact_id TEXT NOT NULL,
                list_id TEXT NOT NULL,
                email TEXT NOT NULL,
                status TEXT NOT NULL,
                consent TEXT NOT NULL,
                confirmation_nonce TEXT NULL,
                confirmation_sent_at TEXT NULL,
                confirmed_at TEXT NULL,
                unsubscribed_at TEXT NULL,
                unsubscribe_reason TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, contact_id, list_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX subscriptions_by_list ON subscriptions (tenant_id, list_id, status, contact_id);
            CREATE INDEX subscriptions_pending ON subscriptions (created_at) WHERE status = 'Pending';
            CREATE TABLE erased_addresses (
                tenant_id TEXT NOT NULL,
                hash TEXT NOT NULL,
                erased_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, hash)
            ) STRICT, WITHOUT ROWID;
            """),
        // Broadcasts, and their recipients as scheduled mail (content empty: composed at send time), counted per
        // broadcast by status through a partial index that only broadcast mail enters.
        (9, """
            ALTER TABLE scheduled_mail ADD COLUMN broadcast_id TEXT NULL;
            ALTER TABLE scheduled_mail ADD COLUMN contact_id TEXT NULL;
            CREATE INDEX scheduled_mail_by_broadcast ON scheduled_mail (tenant_id, broadcast_id, status) WHERE broadcast_id IS NOT NULL;
            CREATE TABLE broadcasts (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                list_id TEXT NOT NULL,
                name TEXT NOT NULL,
                from_address TEXT NOT NULL,
                reply_to TEXT NULL,
                content TEXT NOT NULL,
                segment TEXT NULL,
                status TEXT NOT NULL,
                scheduled_at TEXT NULL,
                started_at TEXT NULL,
                completed_at TEXT NULL,
                pause_reason TEXT NULL,
                expansion_cursor TEXT NULL,
                expanded INTEGER NOT NULL DEFAULT 0,
                expansion_owner TEXT NULL,
                expansion_lease_until TEXT NULL,
                queued INTEGER NOT NULL DEFAULT 0,
                sent INTEGER NOT NULL DEFAULT 0,
                skipped INTEGER NOT NULL DEFAULT 0,
                failed INTEGER NOT NULL DEFAULT 0,
                rate REAL NOT NULL DEFAULT 0,
                progress_at TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                version INTEGER NOT NULL,
                active INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            ) STRICT;
            CREATE INDEX broadcasts_active ON broadcasts (id) WHERE active = 1;
            """),
        // CSV imports (migration 10; 8 and 9 belong to the lists and broadcasts stores). ready_at is when a worker may
        // claim it (created_at while Queued, the lease's end while Running) and NULL once it ended; the uploaded rows
        // wait in import_chunks until then.
        (10, """
            CREATE TABLE imports (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                list_id TEXT NOT NULL,
                status TEXT NOT NULL,
                ready_at TEXT NULL,
                owner TEXT NULL,
                lease_until TEXT NULL,
                attempts INTEGER NOT NULL,
                consent_statement TEXT NULL,
                ip TEXT NULL,
                user_agent TEXT NULL,
                columns TEXT NOT NULL,
                total_rows INTEGER NOT NULL,
                chunk_count INTEGER NOT NULL,
                progress TEXT NOT NULL,
                failure_reason TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                completed_at TEXT NULL,
                PRIMARY KEY (tenant_id, id)
            ) STRICT;
            CREATE INDEX imports_ready ON imports (ready_at, id) WHERE ready_at IS NOT NULL;
            CREATE TABLE import_chunks (
                tenant_id TEXT NOT NULL,
                import_id TEXT NOT NULL,
                chunk_index INTEGER NOT NULL,
                rows TEXT NOT NULL,
                PRIMARY KEY (tenant_id, import_id, chunk_index)
            ) STRICT, WITHOUT ROWID;
            """),
        // Webhooks (migration 11) and their outbox/delivery log. ready_at is when a dispatcher may claim a delivery
        // (next_attempt_at while Pending, the lease's end while claimed) and NULL once it succeeded or failed; hook_key
        // (tenant, newline, webhook) lets a claim skip-scan the webhooks with pending deliveries, one seek each.
        (11, """
            CREATE TABLE webhooks (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                url TEXT NOT NULL,
                event_types TEXT NOT NULL,
                description TEXT NULL,
                enabled INTEGER NOT NULL,
                disabled_reason TEXT NULL,
                secret TEXT NOT NULL,
                previous_secret TEXT NULL,
                previous_secret_expires_at TEXT NULL,
                failing_since TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, id)
            ) STRICT;
            CREATE TABLE webhook_deliveries (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                webhook_id TEXT NOT NULL,
                hook_key TEXT NOT NULL,
                event_type TEXT NOT NULL,
                event_id TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL,
                log_key TEXT NOT NULL,
                status TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                ready_at TEXT NULL,
                owner TEXT NULL,
                lease_until TEXT NULL,
                attempts INTEGER NOT NULL,
                last_attempt_at TEXT NULL,
                last_status_code INTEGER NULL,
                last_error TEXT NULL,
                last_duration_ms INTEGER NULL,
                completed_at TEXT NULL,
                expires_at TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id)
            ) STRICT;
            CREATE INDEX webhook_deliveries_ready ON webhook_deliveries (hook_key, ready_at, id) WHERE ready_at IS NOT NULL;
            CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, webhook_id, log_key);
            CREATE INDEX webhook_deliveries_expiry ON webhook_deliveries (expires_at);
            """),
        // When the platform disabled a webhook, which GET /tenant reports (UpdatedAt moves with any later change).
        (12, "ALTER TABLE webhooks ADD COLUMN disabled_at TEXT NULL;"),
        // When the dispatcher handed a scheduled mail to SES with no answer written down since: its Send event decides.
        (13, "ALTER TABLE scheduled_mail ADD COLUMN handed_to_ses_at TEXT NULL;"),
        // When the tenant resumed a broadcast the reputation guard had paused, acknowledging its rates: the guard then
        // judges only the events since.
        (14, "ALTER TABLE broadcasts ADD COLUMN guard_acknowledged_at TEXT NULL;"),
    ];
}
