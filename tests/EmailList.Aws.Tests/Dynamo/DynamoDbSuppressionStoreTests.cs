using EmailList.Aws.Dynamo;
using EmailList.Core.Suppression;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbSuppressionStoreTests(DynaliteFixture dynalite) : SuppressionStoreContract
{
    protected override async Task<ISuppressionStore> CreateStoreAsync() =>
        new DynamoDbSuppressionStore(dynalite.Client, await TestTables.ForAsync(dynalite, "suppression"), TimeProvider.System);
}
