using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmailList.Core.Suppression;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using MimeKit;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// Reads a sign-up body, form-encoded or JSON, in one flat shape: <c>email</c>, the honeypot <c>website</c>, an
/// optional <c>redirect</c>, and every other field as an attribute of the contact (bounded in count and length).
/// </summary>
public static partial class SignUpFormReader
{
    public const string EmailField = "email";
    public const string HoneypotField = "website";
    public const string RedirectField = "redirect";
    private const int MaxAddressLength = 254;
    private const int MaxRedirectLength = 2048;

    private static readonly ParserOptions AddressParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    // Data we add to the list's mail ourselves; a form cannot set them.
    private static readonly HashSet<string> Ours = new(StringComparer.OrdinalIgnoreCase) { "confirm_url", "unsubscribe_url", "list_name" };

    /// <summary>The sign-up, or what is wrong with it in words for the person filling the form.</summary>
    public static (SignUpForm? Form, string? Error) Read(byte[] body, bool json, SignUpOptions options)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        Dictionary<string, JsonNode?> fields;
        if (json)
        {
            try
            {
                if (JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 4 }) is not JsonObject root)
                {
                    return (null, "The body must be a JSON object such as {\"email\": \"jane@example.com\"}.");
                }

                fields = new(StringComparer.Ordinal);
                foreach (var (name, value) in root)
                {
                    fields[name] = value?.DeepClone();
                }
            }
            catch (JsonException)
            {
                return (null, "The body is not valid JSON; send {\"email\": \"jane@example.com\"} with any attributes beside it.");
            }
        }
        else
        {
            Dictionary<string, StringValues> form;
            try
            {
                form = new FormReader(Encoding.UTF8.GetString(body)) { ValueCountLimit = options.MaxAttributes + 8 }.ReadForm();
            }
            catch (InvalidDataException)
            {
                return (null, $"The form has too many fields; a sign-up takes the address and at most {options.MaxAttributes} more.");
            }

            fields = form.ToDictionary(f => f.Key, f => (JsonNode?)JsonValue.Create(f.Value.ToString()), StringComparer.Ordinal);
        }

        return Validate(fields, options);
    }

    private static (SignUpForm? Form, string? Error) Validate(Dictionary<string, JsonNode?> fields, SignUpOptions options)
    {
        if (!fields.Remove(EmailField, out var emailNode) || Text(emailNode) is not { } emailText || string.IsNullOrWhiteSpace(emailText))
        {
            return (null, "Give the address to subscribe in the field 'email'.");
        }

        if (Address(emailText) is not { } email)
        {
            return (null, "That is not an email address we can send to; write it as jane@example.com.");
        }

        var honeypot = fields.Remove(HoneypotField, out var trap) && !string.IsNullOrEmpty(Text(trap));
        string? redirect = null;
        if (fields.Remove(RedirectField, out var redirectNode) && Text(redirectNode) is { Length: > 0 } redirectText)
        {
            redirect = redirectText.Length <= MaxRedirectLength ? redirectText : null;
        }

        var attributes = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0) || Ours.Contains(name))
            {
                continue;
            }

            if (!AttributeName().IsMatch(name))
            {
                return (null, $"'{Shorten(name)}' is not an attribute name we keep: use letters, digits and '_', starting with a letter, up to 64 characters.");
            }

            if (value is not JsonValue scalar || scalar.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array)
            {
                return (null, $"The attribute '{name}' must be text, a number or true/false.");
            }

            if ((scalar.TryGetValue<string>(out var text) ? text.Length : scalar.ToJsonString().Length) > options.MaxAttributeLength)
            {
                return (null, $"The attribute '{name}' is longer than {options.MaxAttributeLength} characters.");
            }

            if (attributes.Count == options.MaxAttributes)
            {
                return (null, $"A sign-up takes at most {options.MaxAttributes} attributes beside the address.");
            }

            attributes[name] = scalar;
        }

        return (new SignUpForm(email, attributes, honeypot, redirect), null);
    }

    /// <summary>A bare deliverable address (no display name), normalized; null when it is not one.</summary>
    public static string? Address(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > MaxAddressLength || trimmed.AsSpan().IndexOfAny('\r', '\n') >= 0
            || !MailboxAddress.TryParse(AddressParser, trimmed, out var mailbox)
            || !string.IsNullOrEmpty(mailbox.Name) || !Ascii.IsValid(mailbox.LocalPart))
        {
            return null;
        }

        var at = mailbox.Address.LastIndexOf('@');
        var domain = at > 0 ? mailbox.Address.AsSpan(at + 1) : [];
        if (domain.Length == 0 || !domain.Contains('.') || domain[0] is '.' or '[' || domain[^1] == '.')
        {
            return null;
        }

        var normalized = EmailAddressNormalizer.Normalize(mailbox.Address);
        return normalized.Contains('@', StringComparison.Ordinal) ? normalized : null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeName();
}
