using System.Buffers.Text;
using EmailList.Core.Suppression;

namespace EmailList.Core.Tests;

public sealed class SuppressionCursorTests
{
    [Theory]
    [InlineData("acme", "zoe@example.com")]
    [InlineData("tenant-2", "jürgen@bücher.example")]
    public void A_cursor_reads_back_as_the_last_address_for_the_tenant_it_was_issued_to(string tenant, string email) =>
        Assert.Equal(email, SuppressionCursor.Decode(tenant, SuppressionCursor.Encode(tenant, email)));

    [Fact]
    public void The_wire_form_is_unchanged_so_cursors_already_handed_out_keep_working() =>
        Assert.Equal(Base64Url.EncodeToString("acme\nzoe@example.com"u8), SuppressionCursor.Encode("acme", "zoe@example.com"));

    [Theory]
    [InlineData("acme2")]
    [InlineData("acm")]
    public void Another_tenants_cursor_is_refused_as_another_listing(string presentedBy)
    {
        var cursor = SuppressionCursor.Encode("acme", "zoe@example.com");
        var error = Assert.Throws<ArgumentException>(() => SuppressionCursor.Decode(presentedBy, cursor));
        Assert.Contains("another listing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("")]
    [InlineData("YWNtZQ")] // "acme": no separator
    [InlineData("YWNtZQo")] // "acme\n": no address
    [InlineData("CnpvZUBleGFtcGxlLmNvbQ")] // "\nzoe@example.com": no tenant
    [InlineData("_w")] // 0xFF: not UTF-8
    public void A_cursor_this_code_did_not_issue_is_refused_as_invalid(string cursor)
    {
        var error = Assert.Throws<ArgumentException>(() => SuppressionCursor.Decode("acme", cursor));
        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
        Assert.Equal("cursor", error.ParamName);
    }
}
