namespace EmailList.AppHost.Tests;

/// <summary>One AppHost at a time: each starts six processes (and a container), more than two cores run well side by side.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostGroup
{
    public const string Name = "AppHost";
}
