using EmailList.Core.Tenants;
using EmailList.EventIngester.Events;

namespace EmailList.EventIngester.Tests;

public sealed class EventAttributionTests
{
    private static readonly Tenant Acme = new() { Id = "acme", Name = "Acme", ExternalId = "a", AwsAccountId = "123456789012" };
    private static readonly Tenant Globex = new() { Id = "globex", Name = "Globex", ExternalId = "g", AwsAccountId = "123456789012" };

    [Fact]
    public void An_account_of_no_tenant_is_dropped() =>
        Assert.Equal((null, DropReason.UnknownAccount), EventAttribution.Attribute([], "acme"));

    [Fact]
    public void An_untagged_event_of_a_single_tenant_account_is_that_tenant_s() =>
        Assert.Equal((Acme, null), EventAttribution.Attribute([Acme], null));

    [Fact]
    public void A_tag_picks_the_tenant_among_those_sharing_the_account() =>
        Assert.Equal((Globex, null), EventAttribution.Attribute([Acme, Globex], "globex"));

    [Fact]
    public void A_tag_naming_a_tenant_of_another_account_is_dropped() =>
        Assert.Equal((null, DropReason.TenantMismatch), EventAttribution.Attribute([Acme], "globex"));

    [Fact]
    public void An_untagged_event_of_a_shared_account_is_dropped() =>
        Assert.Equal((null, DropReason.AmbiguousAccount), EventAttribution.Attribute([Acme, Globex], null));
}
