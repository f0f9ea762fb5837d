using System.Collections.Concurrent;
using EmailList.Core.Ses;

namespace EmailList.Dispatcher.Tests;

/// <summary>Stands in for SES: sends succeed unless <see cref="Next"/> says otherwise; every accepted send is recorded.</summary>
internal sealed class ScriptedSes : ISesClient
{
    private int _ids;

    public ConcurrentQueue<OutboundEmail> Sent { get; } = new();

    /// <summary>Thrown by the next sends, in order, before any is accepted.</summary>
    public ConcurrentQueue<Exception> Next { get; } = new();

    /// <summary>
    /// When set, the next send is accepted (recorded, given an id) and then never answers, as if the process died right
    /// after SES accepted it: the dispatcher never learns the outcome.
    /// </summary>
    public bool DieAfterNextAccept { get; set; }

    public double MaxSendRate { get; set; } = 1000;

    public double Max24HourSend { get; set; } = 50_000;

    public double SentLast24Hours { get; set; }

    public Task<string> SendEmailAsync(SesSession session, OutboundEmail email, CancellationToken cancellationToken)
    {
        if (Next.TryDequeue(out var failure))
        {
            throw failure;
        }

        Sent.Enqueue(email);
        var id = $"ses-{Interlocked.Increment(ref _ids)}";
        if (DieAfterNextAccept)
        {
            DieAfterNextAccept = false;
            return new TaskCompletionSource<string>().Task; // never completes
        }

        return Task.FromResult(id);
    }

    public Task<SesAccount> GetAccountAsync(SesSession session, CancellationToken cancellationToken) =>
        Task.FromResult(new SesAccount(true, true, "HEALTHY", Max24HourSend, MaxSendRate, SentLast24Hours));

    public Task PutSuppressedDestinationAsync(SesSession session, string emailAddress, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task DeleteSuppressedDestinationAsync(SesSession session, string emailAddress, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<SuppressedDestinationPage> ListSuppressedDestinationsAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<SesIdentity>> ListEmailIdentitiesAsync(SesSession session, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> CreateConfigurationSetAsync(SesSession session, string configurationSetName, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> CreateConfigurationSetEventDestinationAsync(SesSession session, string configurationSetName, SesEventDestination destination, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<SesEmailTemplatePage> ListEmailTemplatesAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<SesEmailTemplate?> GetEmailTemplateAsync(SesSession session, string templateName, CancellationToken cancellationToken) => throw new NotSupportedException();
}
