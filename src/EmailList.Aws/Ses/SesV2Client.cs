using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using EmailList.Core.Ses;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Ses;

/// <summary>
/// SES v2 over HttpClient (rest-json, SigV4 with the tenant's session credentials), with retries for
/// throttling and transient failures. Stands in for the SES v2 SDK package, which is not available here.
/// </summary>
public sealed class SesV2Client : ISesClient
{
    // The largest page SES allows; a tenant rarely has more than a few identities.
    private const int IdentitiesPageSize = 1000;

    private const string SendEmailPath = "v2/email/outbound-emails";
    private const string InvalidResponseCode = SesTransport.InvalidResponseCode;

    private readonly SesTransport _transport;
    private readonly ILogger<SesV2Client> _logger;

    // SendEmail's address per region, parsed once: there are a few dozen regions and it is asked on every send.
    private readonly ConcurrentDictionary<string, Uri> _sendEmailUris = new(StringComparer.Ordinal);

    public SesV2Client(HttpClient httpClient, IOptions<SesOptions> options, TimeProvider timeProvider, ILogger<SesV2Client> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transport = new SesTransport(httpClient, options.Value, timeProvider, logger);
        _logger = logger;
    }

    public async Task<string> SendEmailAsync(SesSession session, OutboundEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var request = new SendEmailRequest(
            email.FromEmailAddress,
            new SesWireDestination(NullIfEmpty(email.Destination.To), NullIfEmpty(email.Destination.Cc), NullIfEmpty(email.Destination.Bcc)),
            new SesWireEmailContent(new SesWireRawMessage(email.RawMessage)),
            email.Tags.Count == 0 ? null : WireTags(email.Tags),
            email.ConfigurationSetName);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SesJsonContext.Default.SendEmailRequest);

        var response = await InvokeAsync("SendEmail", idempotent: false, session, HttpMethod.Post, SendEmailPath, body,
            SesJsonContext.Default.SendEmailResponse, cancellationToken);
        if (string.IsNullOrEmpty(response?.MessageId))
        {
            throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered SendEmail without a message id.");
        }

        return response.MessageId;
    }

    public async Task<SesAccount> GetAccountAsync(SesSession session, CancellationToken cancellationToken)
    {
        var response = await InvokeAsync("GetAccount", idempotent: true, session, HttpMethod.Get, "v2/email/account", null,
            SesJsonContext.Default.GetAccountResponse, cancellationToken)
            ?? throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered GetAccount with an empty body.");
        var quota = response.SendQuota;
        return new SesAccount(response.SendingEnabled, response.ProductionAccessEnabled, response.EnforcementStatus,
            quota?.Max24HourSend ?? 0, quota?.MaxSendRate ?? 0, quota?.SentLast24Hours ?? 0);
    }

    public async Task PutSuppressedDestinationAsync(SesSession session, string emailAddress, string reason, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new PutSuppressedDestinationRequest(emailAddress, reason),
            SesJsonContext.Default.PutSuppressedDestinationRequest);
        await InvokeAsync<object>("PutSuppressedDestination", idempotent: true, session, HttpMethod.Put, "v2/email/suppression/addresses", body,
            null, cancellationToken);
    }

    public async Task DeleteSuppressedDestinationAsync(SesSession session, string emailAddress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(emailAddress);
        await InvokeAsync<object>("DeleteSuppressedDestination", idempotent: true, session, HttpMethod.Delete,
            "v2/email/suppression/addresses/" + Uri.EscapeDataString(emailAddress), null, null, cancellationToken);
    }

    public async Task<SuppressedDestinationPage> ListSuppressedDestinationsAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken)
    {
        var path = "v2/email/suppression/addresses?PageSize=" + pageSize.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(nextToken))
        {
            path += "&NextToken=" + Uri.EscapeDataString(nextToken);
        }

        var response = await InvokeAsync("ListSuppressedDestinations", idempotent: true, session, HttpMethod.Get, path, null,
            SesJsonContext.Default.ListSuppressedDestinationsResponse, cancellationToken);
        var items = response?.SuppressedDestinationSummaries?
            .Select(item => new SuppressedDestination(item.EmailAddress, item.Reason, item.LastUpdateTime))
            .ToList() ?? [];
        return new SuppressedDestinationPage(items, string.IsNullOrEmpty(response?.NextToken) ? null : response.NextToken);
    }

    public async Task<IReadOnlyList<SesIdentity>> ListEmailIdentitiesAsync(SesSession session, CancellationToken cancellationToken)
    {
        var identities = new List<SesIdentity>();
        string? nextToken = null;
        do
        {
            var path = "v2/email/identities?PageSize=" + IdentitiesPageSize.ToString(CultureInfo.InvariantCulture);
            if (nextToken is not null)
            {
                path += "&NextToken=" + Uri.EscapeDataString(nextToken);
            }

            var response = await InvokeAsync("ListEmailIdentities", idempotent: true, session, HttpMethod.Get, path, null,
                SesJsonContext.Default.ListEmailIdentitiesResponse, cancellationToken);
            identities.AddRange(response?.EmailIdentities?
                .Where(item => !string.IsNullOrEmpty(item.IdentityName))
                .Select(item => new SesIdentity(item.IdentityName!, item.IdentityType ?? string.Empty, item.SendingEnabled, item.VerificationStatus ?? "NOT_STARTED"))
                ?? []);

            var previous = nextToken;
            nextToken = string.IsNullOrEmpty(response?.NextToken) ? null : response.NextToken;
            if (nextToken is not null && nextToken == previous)
            {
                // A server that hands back the token it was given would keep us here forever.
                throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered ListEmailIdentities with the same page token again.");
            }
        }
        while (nextToken is not null);

        return identities;
    }

    public async Task<bool> CreateConfigurationSetAsync(SesSession session, string configurationSetName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationSetName);
        var body = JsonSerializer.SerializeToUtf8Bytes(new CreateConfigurationSetRequest(configurationSetName), SesJsonContext.Default.CreateConfigurationSetRequest);
        return await CreateAsync("CreateConfigurationSet", session, "v2/email/configuration-sets", body, configurationSetName, cancellationToken);
    }

    public async Task<bool> CreateConfigurationSetEventDestinationAsync(
        SesSession session, string configurationSetName, SesEventDestination destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationSetName);
        ArgumentNullException.ThrowIfNull(destination);
        var request = new CreateConfigurationSetEventDestinationRequest(
            destination.Name,
            new SesWireEventDestinationDefinition(
                destination.Enabled,
                [.. destination.MatchingEventTypes],
                new SesWireEventBridgeDestination(destination.EventBusArn)));
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SesJsonContext.Default.CreateConfigurationSetEventDestinationRequest);
        var path = "v2/email/configuration-sets/" + Uri.EscapeDataString(configurationSetName) + "/event-destinations";
        return await CreateAsync("CreateConfigurationSetEventDestination", session, path, body,
            configurationSetName + "/" + destination.Name, cancellationToken);
    }

    public async Task<SesEmailTemplatePage> ListEmailTemplatesAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 100);
        var path = "v2/email/templates?PageSize=" + pageSize.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(nextToken))
        {
            path += "&NextToken=" + Uri.EscapeDataString(nextToken);
        }

        var response = await InvokeAsync("ListEmailTemplates", idempotent: true, session, HttpMethod.Get, path, null,
            SesJsonContext.Default.ListEmailTemplatesResponse, cancellationToken);
        var names = response?.TemplatesMetadata?
            .Where(item => !string.IsNullOrEmpty(item.TemplateName))
            .Select(item => item.TemplateName!)
            .ToList() ?? [];
        var next = string.IsNullOrEmpty(response?.NextToken) ? null : response.NextToken;
        if (next is not null && next == nextToken)
        {
            // A server that hands back the token it was given would keep a caller paging forever.
            throw new SesException(SesErrorKind.Unavailable, InvalidResponseCode, "SES answered ListEmailTemplates with the same page token again.");
        }

        return new SesEmailTemplatePage(names, next);
    }

    public async Task<SesEmailTemplate?> GetEmailTemplateAsync(SesSession session, string templateName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(templateName);
        try
        {
            var response = await InvokeAsync("GetEmailTemplate", idempotent: true, session, HttpMethod.Get,
                "v2/email/templates/" + Uri.EscapeDataString(templateName), null, SesJsonContext.Default.GetEmailTemplateResponse, cancellationToken);
            var content = response?.TemplateContent;
            return new SesEmailTemplate(response?.TemplateName ?? templateName, content?.Subject, content?.Html, content?.Text);
        }
        catch (SesException e) when (e.Kind == SesErrorKind.NotFound)
        {
            return null;
        }
    }

    // Creation is retried like a read: if a retried attempt finds what the first one created, AlreadyExists says so.
    private async Task<bool> CreateAsync(string operation, SesSession session, string relativePath, byte[] body, string resource, CancellationToken cancellationToken)
    {
        try
        {
            await InvokeAsync<object>(operation, idempotent: true, session, HttpMethod.Post, relativePath, body, null, cancellationToken);
            return true;
        }
        catch (SesException ex) when (ex.Kind == SesErrorKind.AlreadyExists)
        {
            SesClientLog.AlreadyExists(_logger, operation, session.Region, resource);
            return false;
        }
    }

    // SendEmail is not idempotent: an attempt that timed out or lost its connection may have sent the message.
    private Task<TResponse?> InvokeAsync<TResponse>(
        string operation,
        bool idempotent,
        SesSession session,
        HttpMethod method,
        string relativePath,
        byte[]? body,
        JsonTypeInfo<TResponse>? responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(session);
        var uri = ReferenceEquals(relativePath, SendEmailPath)
            ? _sendEmailUris.GetOrAdd(session.Region, region => new Uri(_transport.ServiceUri(region), SendEmailPath))
            : new Uri(_transport.ServiceUri(session.Region), relativePath);
        return _transport.InvokeAsync(operation, idempotent, session, method, uri, body, responseType, cancellationToken);
    }

    private static SesWireMessageTag[] WireTags(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var wire = new SesWireMessageTag[tags.Count];
        for (var i = 0; i < wire.Length; i++)
        {
            wire[i] = new SesWireMessageTag(tags[i].Key, tags[i].Value);
        }

        return wire;
    }

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> addresses) => addresses.Count == 0 ? null : addresses;
}
