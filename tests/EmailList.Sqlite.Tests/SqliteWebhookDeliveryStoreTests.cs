using EmailList.Core.Webhooks;
using EmailList.Testing.Contracts;

namespace EmailList.Sqlite.Tests;

public sealed class SqliteWebhookDeliveryStoreTests : WebhookDeliveryStoreContract, IDisposable
{
    private readonly List<TempDatabase> _files = [];

    protected override Task<IWebhookDeliveryStore> CreateEmptyStoreAsync()
    {
        var file = new TempDatabase();
        _files.Add(file);
        return Task.FromResult<IWebhookDeliveryStore>(new SqliteWebhookDeliveryStore(file.Open()));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
