using EmailList.Aws.Dynamo;
using EmailList.Core.Scheduling;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbScheduledMailStoreTests(DynaliteFixture dynalite) : ScheduledMailStoreContract
{
    // Claims serve every tenant, so each test gets tables of its own.
    protected override async Task<IScheduledMailStore> CreateEmptyStoreAsync() =>
        new DynamoDbScheduledMailStore(dynalite.Client, await TestTables.ForAsync(dynalite, "scheduled-" + Guid.NewGuid().ToString("N")[..8]), TimeProvider.System);
}
