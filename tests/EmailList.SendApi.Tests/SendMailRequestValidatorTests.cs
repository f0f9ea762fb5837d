using EmailList.SendApi.Mail;

namespace EmailList.SendApi.Tests;

public sealed class SendMailRequestValidatorTests
{
    private static SendMailRequest Valid() => new()
    {
        From = "Acme <news@acme.example>",
        To = ["jane@example.com"],
        Subject = "Hello",
        Text = "Hi",
    };

    private static Dictionary<string, string[]> Errors(SendMailRequest request)
    {
        Assert.False(SendMailRequestValidator.TryValidate(request, out var message, out var errors));
        Assert.Null(message);
        return errors;
    }

    [Fact]
    public void A_complete_message_is_accepted_with_every_field()
    {
        var request = Valid() with
        {
            Cc = ["Bob <bob@example.com>"],
            Bcc = ["carol@example.com"],
            ReplyTo = ["support@acme.example"],
            Html = "<p>Hi</p>",
            Headers = new Dictionary<string, string> { ["X-Campaign"] = "autumn" },
            Tags = new Dictionary<string, string> { ["campaign"] = "autumn-2026" },
            Attachments = [new AttachmentRequest("a.txt", "text/plain", Convert.ToBase64String("hello"u8.ToArray()))],
        };

        Assert.True(SendMailRequestValidator.TryValidate(request, out var message, out var errors), string.Join(";", errors.Keys));
        Assert.Equal("news@acme.example", message!.From.Address);
        Assert.Equal("bob@example.com", Assert.Single(message.Cc).Address);
        Assert.Equal("carol@example.com", Assert.Single(message.Bcc).Address);
        Assert.Equal("hello"u8.ToArray(), Assert.Single(message.Attachments).Content.ToArray());
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("jane@")]
    [InlineData("jane@localhost")]
    [InlineData("a b@example.com")]
    [InlineData("jane@example.com, bob@example.com")]
    public void Invalid_addresses_are_refused_by_field(string address)
    {
        var errors = Errors(Valid() with { To = ["ok@example.com", address] });

        Assert.Contains("to[1]", errors.Keys);
    }

    [Fact]
    public void An_address_whose_local_part_is_not_ASCII_is_refused_with_SES_rule_and_an_international_domain_is_accepted()
    {
        var errors = Errors(Valid() with { To = ["jösé@example.com"] });

        Assert.Contains("ASCII", Assert.Single(errors["to[0]"]), StringComparison.Ordinal);
        Assert.True(SendMailRequestValidator.TryValidate(Valid() with { To = ["jose@bücher.example"] }, out var message, out _));
        Assert.Equal("jose@bücher.example", Assert.Single(message!.To).Address);
    }

    [Fact]
    public void Text_that_opens_an_RFC_2047_encoded_word_is_refused_in_every_plain_text_field_a_reader_would_decode_it_in()
    {
        const string encoded = "=?utf-8?B?SGk=?=";
        var errors = Errors(Valid() with
        {
            Subject = "Hello " + encoded,
            Cc = ["\"Jane =? Doe\" <jane@example.com>"],
            Headers = new Dictionary<string, string> { ["X-Note"] = encoded },
            Attachments = [new AttachmentRequest(encoded + ".txt", "text/plain", Convert.ToBase64String("hi"u8.ToArray()))],
        });

        Assert.Equal(["attachments[0].filename", "cc[0]", "headers.X-Note", "subject"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.Contains("unencoded", Assert.Single(messages), StringComparison.Ordinal));
    }

    [Fact]
    public void An_address_whose_display_name_is_written_as_encoded_words_is_read_as_the_decoded_name()
    {
        // An address is RFC 5322 text, where an encoded-word is the way to write a non-ASCII display name.
        var request = Valid() with { From = "=?utf-8?B?Q2Fmw6k=?= <news@acme.example>" };

        Assert.True(SendMailRequestValidator.TryValidate(request, out var message, out var errors), string.Join(";", errors.Keys));
        Assert.Equal("Café", message!.From.Name);
    }

    [Theory]
    [InlineData("What is 2+2=?")]
    [InlineData("=?utf-8? unfinished")]
    public void An_opening_encoded_word_marker_alone_is_refused_too(string subject) =>
        Assert.Contains("subject", Errors(Valid() with { Subject = subject }).Keys);

    [Fact]
    public void Question_marks_and_equals_signs_apart_are_accepted()
    {
        var request = Valid() with { Subject = "Is 2+2 = 4? Yes ?= no" };

        Assert.True(SendMailRequestValidator.TryValidate(request, out _, out var errors), string.Join(";", errors.Keys));
    }

    [Fact]
    public void The_same_recipient_in_unicode_and_in_punycode_gets_one_copy()
    {
        Assert.True(SendMailRequestValidator.TryValidate(
            Valid() with { To = ["jane@bücher.example"], Cc = ["jane@xn--bcher-kva.example"] }, out var message, out _));

        Assert.Single(message!.To);
        Assert.Empty(message.Cc);
    }

    [Fact]
    public void A_domain_that_is_not_a_valid_international_name_is_refused_by_field()
    {
        var errors = Errors(Valid() with { Cc = ["jane@" + new string('ü', 64) + ".example"] });

        Assert.Contains("international domain", Assert.Single(errors["cc[0]"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Fifty_one_recipients_are_refused()
    {
        var to = Enumerable.Range(0, 30).Select(i => $"to{i}@example.com").ToList();
        var bcc = Enumerable.Range(0, 21).Select(i => $"bcc{i}@example.com").ToList();

        var errors = Errors(Valid() with { To = to, Bcc = bcc });

        Assert.Contains("50", Assert.Single(errors["to"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Fifty_recipients_are_accepted()
    {
        var to = Enumerable.Range(0, 50).Select(i => $"to{i}@example.com").ToList();

        Assert.True(SendMailRequestValidator.TryValidate(Valid() with { To = to }, out _, out _));
    }

    [Theory]
    [InlineData("Hello\r\nBcc: victim@example.com")]
    [InlineData("Hello\nX-Injected: 1")]
    public void Line_breaks_in_the_subject_are_refused(string subject) =>
        Assert.Contains("subject", Errors(Valid() with { Subject = subject }).Keys);

    [Fact]
    public void Line_breaks_in_header_values_and_reserved_headers_are_refused()
    {
        var errors = Errors(Valid() with
        {
            Headers = new Dictionary<string, string> { ["X-Ok"] = "a\r\nBcc: x@example.com", ["Bcc"] = "x@example.com", ["Bad Name"] = "v" },
        });

        Assert.Contains("headers.X-Ok", errors.Keys);
        Assert.Contains("headers.Bcc", errors.Keys);
        Assert.Contains("headers.Bad Name", errors.Keys);
    }

    [Theory]
    [InlineData("X-SES-CONFIGURATION-SET")]
    [InlineData("x-ses-configuration-set")]
    [InlineData("X-SES-MESSAGE-TAGS")]
    [InlineData("X-SES-SOURCE-ARN")]
    [InlineData("X-SES-FROM-ARN")]
    [InlineData("X-SES-RETURN-PATH-ARN")]
    [InlineData("X-SES-LIST-MANAGEMENT-OPTIONS")]
    public void Headers_that_SES_reads_as_instructions_are_refused_by_name(string name)
    {
        var errors = Errors(Valid() with { Headers = new Dictionary<string, string> { ["X-Campaign"] = "autumn", [name] = "other-set" } });

        Assert.Equal(["headers." + name], errors.Keys);
        Assert.Contains(name, Assert.Single(errors["headers." + name]), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_base64_and_path_like_file_names_are_refused()
    {
        var errors = Errors(Valid() with
        {
            Attachments = [new AttachmentRequest("../etc/passwd", "text/plain", "aGVsbG8="), new AttachmentRequest("a.txt", "text/plain", "not base64!!")],
        });

        Assert.Contains("attachments[0].filename", errors.Keys);
        Assert.Contains("attachments[1].content", errors.Keys);
    }

    [Fact]
    public void Reserved_and_malformed_tags_are_refused()
    {
        var errors = Errors(Valid() with { Tags = new Dictionary<string, string> { ["el_tenant"] = "other", ["campaign"] = "has space" } });

        Assert.Contains("tags.el_tenant", errors.Keys);
        Assert.Contains("tags.campaign", errors.Keys);
    }

    [Fact]
    public void A_message_needs_a_sender_a_recipient_a_subject_and_a_body()
    {
        var errors = Errors(new SendMailRequest());

        Assert.Contains("from", errors.Keys);
        Assert.Contains("to", errors.Keys);
        Assert.Contains("subject", errors.Keys);
        Assert.Contains("html", errors.Keys);
    }

    [Fact]
    public void A_recipient_named_twice_gets_one_copy()
    {
        Assert.True(SendMailRequestValidator.TryValidate(
            Valid() with { To = ["jane@example.com"], Cc = ["JANE@example.com"], Bcc = ["jane@example.com", "bob@example.com"] },
            out var message, out _));

        Assert.Single(message!.To);
        Assert.Empty(message.Cc);
        Assert.Equal("bob@example.com", Assert.Single(message.Bcc).Address);
    }

    [Fact]
    public void A_recipient_repeated_in_one_list_keeps_its_first_place()
    {
        Assert.True(SendMailRequestValidator.TryValidate(
            Valid() with { To = ["jane@example.com", "bob@example.com", "Jane@Example.com", "amy@example.com"], Cc = null, Bcc = null },
            out var message, out _));

        Assert.Equal(["jane@example.com", "bob@example.com", "amy@example.com"], message!.To.Select(m => m.Address));
    }
}
