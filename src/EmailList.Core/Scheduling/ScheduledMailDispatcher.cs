using System.Collections.Concurrent;
using System.Text.Json;
using EmailList.Core.Broadcasts;
using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Sending;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EmailList.Core.Scheduling;

/// <summary>
/// Sends scheduled mail when it is due: claims it from <see cref="IScheduledMailStore"/> under a lease, checks the
/// tenant and suppression at send time, waits for the tenant's send rate (<see cref="ISendRateGate"/>), sends through
/// <see cref="MailSender"/> and marks it Sent or Failed, or gives it back to be tried later (throttled, unavailable).
/// </summary>
public sealed class ScheduledMailDispatcher : IDisposable
{
    // What AwsJsonTransport reports when SES did not answer within its timeout: the mail may have been sent.
    internal const string RequestTimeoutCode = "RequestTimeout";

    private readonly IScheduledMailStore _store;
    private readonly TenantDirectory _tenants;
    private readonly ISendRateGate _gate;
    private readonly SesSendRates _rates;
    private readonly MailSender _sender;
    private readonly DispatcherOptions _options;
    private readonly DispatcherMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduledMailDispatcher> _logger;
    private readonly IBroadcastMailComposer? _broadcasts;
    private readonly SemaphoreSlim _sendSlots;
    private readonly ConcurrentDictionary<string, int> _recipientsInHand = new(StringComparer.Ordinal);
    private int _inHand;

    public ScheduledMailDispatcher(
        IScheduledMailStore store,
        TenantDirectory tenants,
        ISendRateGate gate,
        SesSendRates rates,
        MailSender sender,
        IOptions<DispatcherOptions> options,
        DispatcherMetrics metrics,
        TimeProvider time,
        ILogger<ScheduledMailDispatcher> logger,
        IBroadcastMailComposer? broadcasts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _tenants = tenants;
        _gate = gate;
        _rates = rates;
        _sender = sender;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _broadcasts = broadcasts;
        _sendSlots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    /// <summary>This instance's claim owner: unique per process start, so a restarted instance never completes an old claim.</summary>
    public string Owner { get; }

    /// <summary>Claims currently in hand (waiting for the rate gate or being sent).</summary>
    public int InHand => Volatile.Read(ref _inHand);

    /// <summary>
    /// Polls and sends until <paramref name="stoppingToken"/> is cancelled, then lets sends already given to SES
    /// finish and gives back every claim not yet sent, so another instance takes it at once instead of after the lease.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        ScheduledMailDispatcherLog.Started(_logger, Owner, _options.PollInterval, _options.Lease, _options.BatchSize, _options.PerTenantLimit, _options.Concurrency);
        var work = new HashSet<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimedFull = false;
            var room = _options.BatchSize - InHand;
            if (room > 0)
            {
                IReadOnlyList<ScheduledMailClaim> claims = [];
                try
                {
                    claims = await _store.ClaimDueAsync(_time.GetUtcNow(), room, _options.PerTenantLimit, Owner, _options.Lease, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    ScheduledMailDispatcherLog.ClaimFailed(_logger, e);
                }

                var wantsMore = false;
                foreach (var tenantClaims in claims.GroupBy(c => c.Mail.TenantId, StringComparer.Ordinal))
                {
                    var cap = await RecipientCapAsync(tenantClaims.Key, stoppingToken);
                    foreach (var claim in tenantClaims)
                    {
                        var held = _recipientsInHand.GetValueOrDefault(claim.Mail.TenantId);
                        if (held >= cap.Recipients)
                        {
                            // Claimed ahead of what the tenant's SES rate can send soon: back to the store until then.
                            work.Add(ReleaseAsync(claim, _time.GetUtcNow() + TimeSpan.FromSeconds(held / cap.Rate), "ahead of the tenant's send rate"));
                            continue;
                        }

                        _recipientsInHand.AddOrUpdate(claim.Mail.TenantId, claim.Mail.Recipients, (_, n) => n + claim.Mail.Recipients);
                        Interlocked.Increment(ref _inHand);
                        work.Add(DispatchAsync(claim, stoppingToken));
                    }

                    // The store gave this tenant all a claim may: more of its mail may be due, and its rate has room for it.
                    wantsMore |= tenantClaims.Count() == _options.PerTenantLimit && _recipientsInHand.GetValueOrDefault(tenantClaims.Key) < cap.Recipients;
                }

                claimedFull = claims.Count == room || (wantsMore && InHand < _options.BatchSize);
            }

            work.RemoveWhere(t => t.IsCompleted);
            if (claimedFull)
            {
                continue; // more may be due right now
            }

            try
            {
                await Task.Delay(_options.PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var left = work.Count(t => !t.IsCompleted);
        await Task.WhenAll(work);
        ScheduledMailDispatcherLog.Stopped(_logger, Owner, left);
    }

    /// <summary>One claim, start to end. Never throws: every outcome is written to the store or left to the lease.</summary>
    internal async Task DispatchAsync(ScheduledMailClaim claim, CancellationToken stoppingToken)
    {
        var mail = claim.Mail;
        try
        {
            await Task.Yield();
            if (mail.HandedToSesAt is { } earlier)
            {
                // An earlier attempt handed it to SES and its answer was never written down: SES may have sent it.
                await AwaitAcceptanceOrGiveUpAsync(claim, earlier);
                return;
            }

            var tenant = await _tenants.GetAsync(mail.TenantId, stoppingToken);
            if (TenantRefusal(tenant) is { } refusal)
            {
                await FailAsync(claim, refusal, "tenant");
                return;
            }

            MailMessage message;
            if (mail.BroadcastId is not null)
            {
                // A broadcast's mail is composed now, from the contact and its subscription as they are now.
                var composed = _broadcasts is null
                    ? BroadcastComposition.Defer(_time.GetUtcNow() + _options.MaxBackoff, "broadcasts are not configured on this instance")
                    : await _broadcasts.ComposeAsync(tenant!, mail, stoppingToken);
                switch (composed.Kind)
                {
                    case BroadcastCompositionKind.Skip:
                        await SkipAsync(claim, composed.Reason!);
                        return;
                    case BroadcastCompositionKind.Defer:
                        await DeferAsync(claim, composed.NotBefore, composed.Reason!);
                        return;
                    case BroadcastCompositionKind.Fail:
                        await FailAsync(claim, composed.Reason!, "broadcast");
                        return;
                }

                message = composed.Message!;
            }
            else
            {
                try
                {
                    message = StoredMailMessage.Deserialize(mail.Content);
                }
                catch (Exception e) when (e is JsonException or ParseException or FormatException)
                {
                    await FailAsync(claim, "The stored message could not be read back; schedule it again.", "content");
                    return;
                }
            }

            await _gate.WaitAsync(tenant!, mail.Recipients, stoppingToken);
            if (mail.BroadcastId is not null && _broadcasts is not null
                && await _broadcasts.RecheckAsync(mail, stoppingToken) is { } hold)
            {
                // Paused or cancelled while this waited for the send rate: a pause stops mail already composed too.
                if (hold.Kind == BroadcastCompositionKind.Skip)
                {
                    await SkipAsync(claim, hold.Reason!);
                }
                else
                {
                    await DeferAsync(claim, hold.NotBefore, hold.Reason!);
                }

                return;
            }

            if (claim.LeaseUntil - _time.GetUtcNow() < _options.LeaseMargin)
            {
                // Sending now could outlive the lease and let another instance send it too: give it back instead.
                await ReleaseAsync(claim, _time.GetUtcNow(), "lease too short to send");
                return;
            }

            // The tag lets the Send event SES publishes for this message find the mail (ObserveAcceptedAsync), so a send
            // whose answer is lost is confirmed instead of repeated.
            message = message with { Tags = [.. message.Tags, new(MessageTags.ScheduledMail, mail.Id)] };
            await _sendSlots.WaitAsync(stoppingToken);
            SendOutcome outcome;
            var handedAt = _time.GetUtcNow();
            try
            {
                if (!await _store.MarkHandedToSesAsync(claim, handedAt, stoppingToken))
                {
                    _metrics.LostClaim();
                    ScheduledMailDispatcherLog.LostClaim(_logger, mail.Id, mail.TenantId, "handed to SES");
                    return;
                }

                // Not the stopping token: a send handed to SES is finished, so its outcome can be written down.
                outcome = await _sender.SendAsync(tenant!, message, CancellationToken.None);
            }
            catch (SesException e) when (e.Kind == SesErrorKind.Unavailable && e.ErrorCode == RequestTimeoutCode)
            {
                // SES did not answer: it may have sent the mail. Its Send event decides; until then it is not sent again.
                ScheduledMailDispatcherLog.TimedOut(_logger, mail.Id, mail.TenantId, handedAt + _options.AcceptanceWindow);
                await AwaitAcceptanceOrGiveUpAsync(claim, handedAt);
                return;
            }
            finally
            {
                _sendSlots.Release();
            }

            if (!outcome.Sent)
            {
                if (mail.BroadcastId is not null)
                {
                    // A broadcast reaching a suppressed contact is the list working as meant, not a failure.
                    await SkipAsync(claim, $"The address is suppressed: {string.Join(", ", outcome.Suppressed)}.");
                    return;
                }

                await FailAsync(claim, $"Every recipient is suppressed: {string.Join(", ", outcome.Suppressed)}.", "suppressed");
                return;
            }

            _rates.NoteSent(mail.TenantId, mail.Recipients);

            var now = _time.GetUtcNow();
            if (await CompleteAsync(() => _store.MarkSentAsync(claim, outcome.MessageId!, outcome.Suppressed, now, CancellationToken.None), claim))
            {
                _metrics.Sent(mail.TenantId, now - mail.ScheduledAt);
                ScheduledMailDispatcherLog.Sent(_logger, mail.Id, mail.TenantId, outcome.MessageId!, (now - mail.ScheduledAt).TotalMilliseconds);
            }
            else if (await _store.GetAsync(mail.TenantId, mail.Id, CancellationToken.None) is { Status: ScheduledMailStatus.Sent } sent
                && sent.MessageId == outcome.MessageId)
            {
                // Its Send event came back through the ingester before MarkSent was written: the same send, recorded.
                _metrics.Sent(mail.TenantId, now - mail.ScheduledAt);
                ScheduledMailDispatcherLog.Sent(_logger, mail.Id, mail.TenantId, outcome.MessageId!, (now - mail.ScheduledAt).TotalMilliseconds);
            }
            else
            {
                _metrics.LostClaim();
                ScheduledMailDispatcherLog.SentButClaimLost(_logger, mail.Id, mail.TenantId, outcome.MessageId!);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(claim, _time.GetUtcNow(), "stopping");
        }
        catch (SesException e) when (e.Kind is SesErrorKind.Throttled or SesErrorKind.QuotaExceeded)
        {
            // Throttling is "later", never "sent" or "failed", and does not count towards MaxAttempts.
            var notBefore = _time.GetUtcNow() + Max(e.RetryAfter ?? TimeSpan.Zero, Backoff(mail.Attempts));
            _metrics.Throttled(mail.TenantId);
            ScheduledMailDispatcherLog.Throttled(_logger, mail.Id, mail.TenantId, notBefore);
            await ReleaseAsync(claim, notBefore, null);
        }
        catch (SesException e) when (e.Kind == SesErrorKind.Unavailable)
        {
            await RetryOrFailAsync(claim, e, "SES unavailable");
        }
        catch (SesException e)
        {
            await FailAsync(claim, SesRefusal(e), "ses");
        }
        catch (RoleAssumptionException e) when (e.Failure is RoleAssumptionFailure.Unavailable or RoleAssumptionFailure.PlatformCredentialsRejected)
        {
            await RetryOrFailAsync(claim, e, "STS unavailable");
        }
        catch (RoleAssumptionException e)
        {
            await FailAsync(claim, $"The tenant's IAM role could not be assumed ({e.Failure}): {e.Message} Fix the role, then schedule the mail again.", "role");
        }
        catch (Exception e)
        {
            await RetryOrFailAsync(claim, e, e.GetType().Name);
        }
        finally
        {
            _recipientsInHand.AddOrUpdate(mail.TenantId, 0, (_, n) => n - mail.Recipients);
            Interlocked.Decrement(ref _inHand);
        }
    }

    public void Dispose() => _sendSlots.Dispose();

    /// <summary>
    /// The recipients a tenant may have in hand: its SES rate times <see cref="DispatcherOptions.ClaimAhead"/>, and at
    /// least one claim's worth. A tenant that cannot send gets one claim's worth, which DispatchAsync then fails.
    /// </summary>
    private async Task<(double Recipients, double Rate)> RecipientCapAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tenant = await _tenants.GetAsync(tenantId, cancellationToken);
        if (tenant is not { CanSend: true })
        {
            return (double.MaxValue, 1);
        }

        var rate = await _rates.GetPacingRateAsync(tenant, cancellationToken);
        return (Math.Max(rate * _options.ClaimAhead.TotalSeconds, _options.PerTenantLimit), rate);
    }

    private static string? TenantRefusal(Tenant? tenant) => tenant switch
    {
        null => "The tenant no longer exists (it was offboarded), so its scheduled mail was not sent.",
        { Status: TenantStatus.Suspended } => "The tenant is suspended, so its scheduled mail was not sent.",
        { CanSend: false } => "The tenant has no verified IAM role for SES at send time, so the mail was not sent. Set up the role, then schedule it again.",
        _ => null,
    };

    private static string SesRefusal(SesException e) => e.Kind switch
    {
        SesErrorKind.SendingPaused => $"SES has paused sending for the account or configuration set ({e.ErrorCode}): {e.Message}",
        SesErrorKind.AccountSuspended => $"SES has suspended the account ({e.ErrorCode}): {e.Message}",
        SesErrorKind.AccessDenied or SesErrorKind.InvalidCredentials => $"The tenant's role may not send through SES ({e.ErrorCode}): {e.Message}",
        _ => $"SES refused the message ({e.ErrorCode}): {e.Message}",
    };

    /// <summary>
    /// A mail whose hand-off to SES at <paramref name="handedAt"/> has no recorded answer: held (Sending, no owner) until
    /// the acceptance window has passed, for its Send event to mark it Sent; after that, Failed as unconfirmed. Never sent
    /// again: a duplicate cannot be taken back, a mail marked Failed can still be confirmed by a late Send event.
    /// </summary>
    private async Task AwaitAcceptanceOrGiveUpAsync(ScheduledMailClaim claim, DateTimeOffset handedAt)
    {
        var mail = claim.Mail;
        var until = handedAt + _options.AcceptanceWindow;
        if (_time.GetUtcNow() < until)
        {
            if (await CompleteAsync(() => _store.AwaitAcceptanceAsync(claim, until, CancellationToken.None), claim))
            {
                _metrics.Released("awaiting acceptance");
                ScheduledMailDispatcherLog.AwaitingAcceptance(_logger, mail.Id, mail.TenantId, handedAt, until);
            }
            else
            {
                _metrics.LostClaim();
                ScheduledMailDispatcherLog.LostClaim(_logger, mail.Id, mail.TenantId, "awaiting acceptance");
            }

            return;
        }

        await FailAsync(claim,
            $"The mail was handed to SES at {handedAt:O} but SES's answer was lost (an instance stopped, or SES did not answer in time), " +
            $"and no Send event confirmed it within {_options.AcceptanceWindow}. It is not sent again, to avoid a duplicate; if SES did " +
            "send it, its Send event still marks it Sent when it arrives. Look for it in /events, and schedule it again if it is not there.",
            "unconfirmed");
    }

    private async Task RetryOrFailAsync(ScheduledMailClaim claim, Exception e, string cause)
    {
        var mail = claim.Mail;
        if (mail.Attempts >= _options.MaxAttempts)
        {
            await FailAsync(claim, $"It could not be sent after {mail.Attempts} attempts ({cause}).", "attempts");
            return;
        }

        var notBefore = _time.GetUtcNow() + Backoff(mail.Attempts);
        ScheduledMailDispatcherLog.Retrying(_logger, e, mail.Id, mail.TenantId, cause, mail.Attempts, notBefore);
        await ReleaseAsync(claim, notBefore, cause);
    }

    private async Task FailAsync(ScheduledMailClaim claim, string reason, string cause)
    {
        var mail = claim.Mail;
        if (await CompleteAsync(() => _store.MarkFailedAsync(claim, reason, _time.GetUtcNow(), CancellationToken.None), claim))
        {
            _metrics.Failed(mail.TenantId, cause);
            ScheduledMailDispatcherLog.Failed(_logger, mail.Id, mail.TenantId, reason);
        }
        else
        {
            _metrics.LostClaim();
            ScheduledMailDispatcherLog.LostClaim(_logger, mail.Id, mail.TenantId, "failed");
        }
    }

    private async Task SkipAsync(ScheduledMailClaim claim, string reason)
    {
        var mail = claim.Mail;
        if (await CompleteAsync(() => _store.MarkSkippedAsync(claim, reason, _time.GetUtcNow(), CancellationToken.None), claim))
        {
            _metrics.Skipped(mail.TenantId);
            ScheduledMailDispatcherLog.Skipped(_logger, mail.Id, mail.TenantId, reason);
        }
        else
        {
            _metrics.LostClaim();
            ScheduledMailDispatcherLog.LostClaim(_logger, mail.Id, mail.TenantId, "skipped");
        }
    }

    /// <summary>Gives a claim back without counting it as an attempt: it was not tried (a paused broadcast, the daily quota).</summary>
    private async Task DeferAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, string cause)
    {
        var mail = claim.Mail;
        if (await CompleteAsync(() => _store.DeferAsync(claim, notBefore, CancellationToken.None), claim))
        {
            _metrics.Released(cause);
            ScheduledMailDispatcherLog.Released(_logger, mail.Id, mail.TenantId, cause);
        }
        else
        {
            _metrics.LostClaim();
            ScheduledMailDispatcherLog.LostClaim(_logger, mail.Id, mail.TenantId, "deferred");
        }
    }

    /// <param name="cause">Null for throttling, which has its own counter and log.</param>
    private async Task ReleaseAsync(ScheduledMailClaim claim, DateTimeOffset notBefore, string? cause)
    {
        var mail = claim.Mail;
        if (await CompleteAsync(() => _store.ReleaseAsync(claim, notBefore, CancellationToken.None), claim))
        {
            if (cause is not null)
            {
                _metrics.Released(cause);
                ScheduledMailDispatcherLog.Released(_logger, mail.Id, mail.TenantId, cause);
            }
        }
        else
        {
            _metrics.LostClaim();
            ScheduledMailDispatcherLog.LostClaim(_logger, mail.Id, mail.TenantId, "released");
        }
    }

    /// <summary>
    /// Writes an outcome, tried three times: after a send, a lost write would let the lease run out and the mail be
    /// sent again. True when written, false when the claim was lost; when the store cannot be reached, the lease decides.
    /// </summary>
    private async Task<bool> CompleteAsync(Func<Task<bool>> write, ScheduledMailClaim claim)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (attempt < 3)
            {
                ScheduledMailDispatcherLog.CompleteFailed(_logger, e, claim.Mail.Id, claim.Mail.TenantId);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time, CancellationToken.None);
            }
            catch (Exception e)
            {
                ScheduledMailDispatcherLog.CompleteFailed(_logger, e, claim.Mail.Id, claim.Mail.TenantId);
                return true; // not lost: left to the lease
            }
        }
    }

    /// <summary>Doubles per attempt up to MaxBackoff, with up to 20 % jitter so released mails do not return together.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 16);
        var backoff = Min(_options.Backoff * Math.Pow(2, exponent), _options.MaxBackoff);
        return backoff * (1 + (Random.Shared.NextDouble() * 0.2));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
