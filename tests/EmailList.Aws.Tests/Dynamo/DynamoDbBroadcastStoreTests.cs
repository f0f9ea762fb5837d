using EmailList.Aws.Dynamo;
using EmailList.Core.Broadcasts;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbBroadcastStoreTests(DynaliteFixture dynalite) : BroadcastStoreContract
{
    // The active listing serves every tenant, so each test gets tables of its own.
    protected override async Task<IBroadcastStore> CreateEmptyStoreAsync() =>
        new DynamoDbBroadcastStore(dynalite.Client, await TestTables.ForAsync(dynalite, "broadcasts-" + Guid.NewGuid().ToString("N")[..8]));
}
