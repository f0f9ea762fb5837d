using Microsoft.Extensions.Hosting;

namespace EmailList.Sqlite;

/// <summary>Migrates the schema at start-up, so a broken database file stops the host instead of its first request.</summary>
public sealed class SqliteSchemaInitializer(SqliteDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
