namespace EmailList.Dashboard.Tests;

/// <summary>One standalone host and one browser for every browser test class: starting them is what costs.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardGroup : ICollectionFixture<DashboardApp>
{
    public const string Name = "Dashboard";
}
