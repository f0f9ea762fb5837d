namespace EmailList.QueryApi.Tests;

[CollectionDefinition(Name)]
public sealed class QueryApiGroup : ICollectionFixture<QueryApiFixture>
{
    public const string Name = "query api";
}
