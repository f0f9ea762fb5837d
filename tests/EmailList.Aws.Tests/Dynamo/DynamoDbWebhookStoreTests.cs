using EmailList.Aws.Dynamo;
using EmailList.Core.Webhooks;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbWebhookStoreTests(DynaliteFixture dynalite) : WebhookStoreContract
{
    protected override async Task<IWebhookStore> CreateStoreAsync() =>
        new DynamoDbWebhookStore(dynalite.Client, await TestTables.ForAsync(dynalite, "webhooks"));
}
