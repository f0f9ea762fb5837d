namespace EmailList.Core.Ses;

/// <summary>
/// The SES v2 operations we use. Implemented over HttpClient with SigV4 because no SES v2 SDK
/// package is available here; replaceable by the official client. Errors surface as <see cref="SesException"/>.
/// </summary>
public interface ISesClient
{
    /// <returns>The SES message id.</returns>
    Task<string> SendEmailAsync(SesSession session, OutboundEmail email, CancellationToken cancellationToken);

    Task<SesAccount> GetAccountAsync(SesSession session, CancellationToken cancellationToken);

    /// <param name="reason">BOUNCE or COMPLAINT, as SES names them.</param>
    Task PutSuppressedDestinationAsync(SesSession session, string emailAddress, string reason, CancellationToken cancellationToken);

    Task DeleteSuppressedDestinationAsync(SesSession session, string emailAddress, CancellationToken cancellationToken);

    Task<SuppressedDestinationPage> ListSuppressedDestinationsAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>Every identity of the account in the session's region (all pages).</summary>
    Task<IReadOnlyList<SesIdentity>> ListEmailIdentitiesAsync(SesSession session, CancellationToken cancellationToken);

    /// <returns>False when a configuration set of that name already exists (AlreadyExistsException).</returns>
    Task<bool> CreateConfigurationSetAsync(SesSession session, string configurationSetName, CancellationToken cancellationToken);

    /// <returns>False when the configuration set already has a destination of that name (AlreadyExistsException).</returns>
    Task<bool> CreateConfigurationSetEventDestinationAsync(
        SesSession session, string configurationSetName, SesEventDestination destination, CancellationToken cancellationToken);

    /// <param name="pageSize">1-100, SES's range.</param>
    Task<SesEmailTemplatePage> ListEmailTemplatesAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken);

    /// <returns>Null when the account has no template of that name (NotFoundException).</returns>
    Task<SesEmailTemplate?> GetEmailTemplateAsync(SesSession session, string templateName, CancellationToken cancellationToken);
}
