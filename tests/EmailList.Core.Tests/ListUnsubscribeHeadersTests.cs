using System.Security.Cryptography;
using EmailList.Core.Lists;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Tests;

public sealed class ListUnsubscribeHeadersTests
{
    [Fact]
    public void The_https_url_comes_alone_without_a_mailto_and_first_with_one_under_a_base_url_with_a_path()
    {
        var options = new ListOptions { TokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), PublicBaseUrl = new Uri("https://send.example.com/lists") };
        var signer = new ListTokenSigner(Options.Create(options), TimeProvider.System);
        var token = signer.CreateUnsubscribe("t1", "lst_a", "ct_b");

        var plain = new ListUnsubscribeHeaders(signer, Options.Create(options)).For("t1", "lst_a", "ct_b");
        options.UnsubscribeMailto = "leave@example.com";
        var both = new ListUnsubscribeHeaders(signer, Options.Create(options)).For("t1", "lst_a", "ct_b");

        Assert.Equal(
            [new("List-Unsubscribe", $"<https://send.example.com/lists/unsubscribe/{token}>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
            plain);
        Assert.Equal($"<https://send.example.com/lists/unsubscribe/{token}>, <mailto:leave@example.com?subject=unsubscribe%20{token}>", both[0].Value);
    }

    [Theory]
    [InlineData("leave@example.com", true)]
    [InlineData("Leave <leave@example.com>", false)]
    [InlineData("leave@localhost", false)]
    [InlineData("leave@example.com?subject=x", false)]
    public void Only_a_bare_address_is_accepted_as_the_unsubscribe_mailto(string address, bool valid)
    {
        var options = new ListOptions { TokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), PublicBaseUrl = new Uri("https://x.example"), UnsubscribeMailto = address };

        Assert.Equal(valid, !options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Any());
    }
}
