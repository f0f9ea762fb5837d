using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using EmailList.Core.Lists;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Core.Tests;

public sealed class ListTokenSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_confirm_token_reads_back_as_signed_until_its_expiry_and_then_as_expired_with_its_fields()
    {
        var signer = Signer(_key);
        var token = signer.CreateConfirm("t1", "lst_a", "ct_b", "nonce1", Now.AddHours(24));

        var (status, read) = signer.Read(token, ListTokenKind.Confirm);
        Assert.Equal(ListTokenStatus.Valid, status);
        Assert.Equal(new ListToken(ListTokenKind.Confirm, "t1", "lst_a", "ct_b", "nonce1", Now.AddHours(24)), read);

        _time.Advance(TimeSpan.FromHours(24));
        var (later, expired) = signer.Read(token, ListTokenKind.Confirm);
        Assert.Equal(ListTokenStatus.Expired, later);
        Assert.Equal("nonce1", expired!.Nonce);
    }

    [Fact]
    public void An_unsubscribe_token_never_expires()
    {
        var signer = Signer(_key);
        var token = signer.CreateUnsubscribe("t1", "lst_a", "ct_b");
        _time.Advance(TimeSpan.FromDays(3650));

        Assert.Equal((ListTokenStatus.Valid, new ListToken(ListTokenKind.Unsubscribe, "t1", "lst_a", "ct_b", null, null)), signer.Read(token, ListTokenKind.Unsubscribe));
    }

    [Fact]
    public void A_token_is_invalid_as_the_other_kind()
    {
        var signer = Signer(_key);

        Assert.Equal(ListTokenStatus.Invalid, signer.Read(signer.CreateUnsubscribe("t1", "lst_a", "ct_b"), ListTokenKind.Confirm).Status);
        Assert.Equal(ListTokenStatus.Invalid, signer.Read(signer.CreateConfirm("t1", "lst_a", "ct_b", "n", Now.AddHours(1)), ListTokenKind.Unsubscribe).Status);
    }

    [Theory]
    [InlineData("t1", "t2")]
    [InlineData("lst_a", "lst_x")]
    [InlineData("ct_b", "ct_x")]
    public void A_payload_changed_to_name_another_tenant_list_or_contact_does_not_verify(string from, string to)
    {
        var signer = Signer(_key);
        var token = signer.CreateUnsubscribe("t1", "lst_a", "ct_b");
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
        var changed = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace(from, to, StringComparison.Ordinal))) + token[dot..];

        Assert.Equal((ListTokenStatus.Invalid, null), signer.Read(changed, ListTokenKind.Unsubscribe));
    }

    [Fact]
    public void A_later_expiry_written_into_an_expired_confirm_token_does_not_verify()
    {
        var signer = Signer(_key);
        var token = signer.CreateConfirm("t1", "lst_a", "ct_b", "n", Now.AddMinutes(-1));
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
        var extended = payload[..payload.LastIndexOf('\n')] + "\n" + Now.AddDays(1).ToUnixTimeSeconds();

        Assert.Equal(ListTokenStatus.Invalid, signer.Read(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(extended)) + token[dot..], ListTokenKind.Confirm).Status);
    }

    [Fact]
    public void A_changed_or_truncated_signature_does_not_verify()
    {
        var signer = Signer(_key);
        var token = signer.CreateUnsubscribe("t1", "lst_a", "ct_b");
        var flipped = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        Assert.Equal(ListTokenStatus.Invalid, signer.Read(flipped, ListTokenKind.Unsubscribe).Status);
        Assert.Equal(ListTokenStatus.Invalid, signer.Read(token[..^4], ListTokenKind.Unsubscribe).Status);
        Assert.Equal(ListTokenStatus.Invalid, signer.Read(token[..token.IndexOf('.', StringComparison.Ordinal)], ListTokenKind.Unsubscribe).Status);
    }

    [Fact]
    public void A_token_signed_with_another_key_does_not_verify()
    {
        var other = Signer(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(ListTokenStatus.Invalid, Signer(_key).Read(other.CreateUnsubscribe("t1", "lst_a", "ct_b"), ListTokenKind.Unsubscribe).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("!!!.###")]
    public void Garbage_is_invalid_without_throwing(string? token) =>
        Assert.Equal((ListTokenStatus.Invalid, null), Signer(_key).Read(token, ListTokenKind.Confirm));

    [Fact]
    public void A_short_key_is_refused_at_construction() =>
        Assert.Throws<InvalidOperationException>(() => Signer(Convert.ToBase64String(new byte[16])));

    private ListTokenSigner Signer(string key) =>
        new(Options.Create(new ListOptions { TokenKey = key, PublicBaseUrl = new Uri("https://lists.example/") }), _time);
}
