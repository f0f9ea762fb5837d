using EmailList.Aws.Dynamo;
using EmailList.Core.Lists;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbImportStoreTests(DynaliteFixture dynalite) : ImportStoreContract
{
    // Claims serve every tenant, so each test gets tables of its own.
    protected override async Task<IImportStore> CreateEmptyStoreAsync() =>
        new DynamoDbImportStore(dynalite.Client, await TestTables.ForAsync(dynalite, "imports-" + Guid.NewGuid().ToString("N")[..8]));
}
