using EmailList.Aws.Dynamo;
using EmailList.Core.Templates;
using EmailList.Testing.Contracts;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

[Collection(SharedDynalite.Name)]
public sealed class DynamoDbTemplateStoreTests(DynaliteFixture dynalite) : TemplateStoreContract
{
    protected override async Task<ITemplateStore> CreateStoreAsync() =>
        new DynamoDbTemplateStore(dynalite.Client, await TestTables.ForAsync(dynalite, "templates"));
}
