using System.Net;
using EmailList.Core.Webhooks;

namespace EmailList.Core.Tests.Webhooks;

public sealed class WebhookTargetRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fdff:ffff::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::")]
    [InlineData("::127.0.0.1")]
    public void Non_public_addresses_are_not_public(string address) =>
        Assert.False(WebhookTargetRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Public_addresses_are_public(string address) =>
        Assert.True(WebhookTargetRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://example.com/hook", false, true)]
    [InlineData("http://example.com/hook", false, false)]
    [InlineData("http://localhost:9000/hook", true, true)]
    [InlineData("https://user:pw@example.com/hook", true, false)]
    [InlineData("https://example.com/hook#frag", true, false)]
    [InlineData("ftp://example.com/hook", true, false)]
    [InlineData("/relative", true, false)]
    [InlineData("", true, false)]
    public void A_url_is_accepted_only_in_the_allowed_form(string url, bool allowPrivate, bool accepted)
    {
        var parsed = WebhookTargetRules.Parse(url, allowPrivate, out var error);
        Assert.Equal(accepted, parsed is not null);
        Assert.Equal(accepted, error is null);
    }
}
