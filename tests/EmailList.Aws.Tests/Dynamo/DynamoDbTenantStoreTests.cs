using EmailList.Aws.Dynamo;
using EmailList.Core.Tenants;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbTenantStoreTests(DynaliteFixture dynalite) : TenantStoreContract
{
    protected override async Task<ITenantStore> CreateStoreAsync() =>
        new DynamoDbTenantStore(dynalite.Client, await TestTables.ForAsync(dynalite, "tenants"));
}
