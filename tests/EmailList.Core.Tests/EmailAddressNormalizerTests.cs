using EmailList.Core.Suppression;

namespace EmailList.Core.Tests;

public sealed class EmailAddressNormalizerTests
{
    [Theory]
    [InlineData("Jane.Doe@Example.COM", "jane.doe@example.com")]
    [InlineData("  jane@example.com ", "jane@example.com")]
    [InlineData("jane@bücher.example", "jane@xn--bcher-kva.example")]
    [InlineData("Jane@BÜCHER.example", "jane@xn--bcher-kva.example")]
    [InlineData("jane@xn--bcher-kva.example", "jane@xn--bcher-kva.example")]
    [InlineData("jane@XN--BCHER-KVA.example", "jane@xn--bcher-kva.example")]
    [InlineData("jane@example.com.", "jane@example.com")]
    public void Addresses_normalize_to_one_key(string input, string expected) =>
        Assert.Equal(expected, EmailAddressNormalizer.Normalize(input));
}
