using EmailList.Core.Webhooks;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteWebhookStoreTests : WebhookStoreContract, IDisposable
{
    private readonly TempDatabase _file = new();

    protected override Task<IWebhookStore> CreateStoreAsync() => Task.FromResult<IWebhookStore>(new SqliteWebhookStore(_file.Open()));

    public void Dispose() => _file.Dispose();
}
