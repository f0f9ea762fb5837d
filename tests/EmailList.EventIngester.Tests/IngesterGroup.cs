namespace EmailList.EventIngester.Tests;

/// <summary>The tests that share one ingester; they run one after another because some make its stores fail for a moment.</summary>
[CollectionDefinition(Name)]
public sealed class IngesterGroup : ICollectionFixture<IngesterFixture>
{
    public const string Name = "ingester";
}
