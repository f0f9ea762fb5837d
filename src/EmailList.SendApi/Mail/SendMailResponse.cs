namespace EmailList.SendApi.Mail;

/// <param name="Id">SES's message id.</param>
/// <param name="Suppressed">Recipients that were not sent to because they are on the suppression list.</param>
public sealed record SendMailResponse(string Id, IReadOnlyList<string> Suppressed);
