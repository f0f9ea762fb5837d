using EmailList.Core.Tenants;

namespace EmailList.Core.Tests;

public sealed class ExternalIdGeneratorTests
{
    [Fact]
    public void External_ids_are_long_and_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ExternalIdGenerator.Create()).ToList();

        Assert.All(ids, id => Assert.True(id.Length >= 32));
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9-]+$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
