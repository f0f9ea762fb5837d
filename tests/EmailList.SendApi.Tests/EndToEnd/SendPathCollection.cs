namespace EmailList.SendApi.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class SendPathCollection : ICollectionFixture<SendPathFixture>
{
    public const string Name = "send path";
}
