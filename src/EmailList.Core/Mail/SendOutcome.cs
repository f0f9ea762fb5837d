namespace EmailList.Core.Mail;

/// <param name="MessageId">SES's message id; null when every recipient was suppressed and nothing was sent.</param>
/// <param name="Suppressed">Recipients held back because they are on the tenant's suppression list.</param>
public sealed record SendOutcome(string? MessageId, IReadOnlyList<string> Suppressed)
{
    public bool Sent => MessageId is not null;
}
