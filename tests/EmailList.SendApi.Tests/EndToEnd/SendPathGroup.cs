namespace EmailList.SendApi.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class SendPathGroup : ICollectionFixture<SendPathFixture>
{
    public const string Name = "send path";
}
