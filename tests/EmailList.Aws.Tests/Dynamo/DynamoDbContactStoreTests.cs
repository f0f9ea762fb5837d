using EmailList.Aws.Dynamo;
using EmailList.Core.Lists;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbContactStoreTests(DynaliteFixture dynalite) : ContactStoreContract
{
    protected override async Task<(IListStore Lists, IContactStore Contacts)> CreateStoresAsync()
    {
        var tables = await TestTables.ForAsync(dynalite, "lists");
        return (new DynamoDbListStore(dynalite.Client, tables), new DynamoDbContactStore(dynalite.Client, tables, TimeProvider.System));
    }
}
