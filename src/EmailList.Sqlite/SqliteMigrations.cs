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
    ];
}
