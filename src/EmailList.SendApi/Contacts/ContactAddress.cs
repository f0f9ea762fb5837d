using EmailList.Core.Suppression;
using EmailList.SendApi.Mail;
using EmailList.ServiceDefaults.Http;

namespace EmailList.SendApi.Contacts;

/// <summary>A contact's address: checked as POST /mail checks a recipient, then normalized as the suppression list keys it.</summary>
internal static class ContactAddress
{
    public static string? Normalize(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "An email address is required, e.g. \"jane@example.com\".");
            return null;
        }

        var mailbox = SendMailRequestValidator.ParseAddress(value.Trim(), field, errors);
        return mailbox is null ? null : EmailAddressNormalizer.Normalize(mailbox.Address);
    }
}
