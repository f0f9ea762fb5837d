using EmailList.Testing.Sandbox;

namespace EmailList.Sandbox.Tests;

/// <summary>One sandbox for the tests that need no clock of their own; each test uses its own account ids.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSandbox : ICollectionFixture<SandboxFixture>
{
    public const string Name = "Sandbox";
}
