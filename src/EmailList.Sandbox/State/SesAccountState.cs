using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>One emulated SES account: its settings, sending limits (token bucket and 24-hour window) and suppression list.</summary>
internal sealed class SesAccountState
{
    private static readonly TimeSpan QuotaWindow = TimeSpan.FromHours(24);

    private readonly Lock gate = new();
    private readonly Queue<(DateTimeOffset At, int Count)> sent = new();
    private readonly Dictionary<string, SuppressedAddress> suppressed = new(StringComparer.OrdinalIgnoreCase);
    private SandboxAccountSettings settings;
    private HashSet<string> verified;
    private double tokens;
    private DateTimeOffset refilledAt;
    private long sentInWindow;

    public SesAccountState(string accountId, SandboxAccountSettings settings, DateTimeOffset now)
    {
        AccountId = accountId;
        this.settings = settings;
        verified = VerifiedSet(settings);
        tokens = Math.Max(settings.MaxSendRate, 0);
        refilledAt = now;
    }

    public string AccountId { get; }

    public SandboxAccountSettings Settings
    {
        get
        {
            lock (gate)
            {
                return settings;
            }
        }
    }

    public void Apply(SandboxAccountSettings newSettings, DateTimeOffset now)
    {
        lock (gate)
        {
            settings = newSettings;
            verified = VerifiedSet(newSettings);
            tokens = Math.Max(newSettings.MaxSendRate, 0);
            refilledAt = now;
        }
    }

    /// <summary>Whether an address is verified, itself or through its domain.</summary>
    public bool IsVerified(string address)
    {
        var at = address.LastIndexOf('@');
        lock (gate)
        {
            return verified.Contains(address) || (at >= 0 && verified.Contains(address[(at + 1)..]));
        }
    }

    /// <summary>The verified identity that covers an address: the address itself, else its domain; null when neither is verified.</summary>
    public string? IdentityFor(string address)
    {
        var at = address.LastIndexOf('@');
        lock (gate)
        {
            if (verified.TryGetValue(address, out var identity))
            {
                return identity;
            }

            return at >= 0 && verified.TryGetValue(address[(at + 1)..], out var domain) ? domain : null;
        }
    }

    /// <summary>The verified identities (addresses and domains), in order.</summary>
    public IReadOnlyList<string> VerifiedIdentities()
    {
        lock (gate)
        {
            return [.. verified.Order(StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>Takes <paramref name="recipients"/> from the daily quota and the send-rate bucket, or refuses and takes nothing.</summary>
    public SendRefusal TryConsume(int recipients, DateTimeOffset now)
    {
        lock (gate)
        {
            Expire(now);
            if (settings.Max24HourSend >= 0 && sentInWindow + recipients > settings.Max24HourSend)
            {
                return SendRefusal.DailyQuotaExceeded;
            }

            // A bucket as deep as one second of sending, refilled continuously; a message with many recipients
            // may overdraw it (SES allows short bursts), later ones then wait for the debt to be paid.
            var capacity = Math.Max(settings.MaxSendRate, 0);
            tokens = Math.Min(capacity, tokens + ((now - refilledAt).TotalSeconds * capacity));
            refilledAt = now;
            if (tokens < 1)
            {
                return SendRefusal.RateExceeded;
            }

            tokens -= recipients;
            sent.Enqueue((now, recipients));
            sentInWindow += recipients;
            return SendRefusal.None;
        }
    }

    public double SentLast24Hours(DateTimeOffset now)
    {
        lock (gate)
        {
            Expire(now);
            return sentInWindow;
        }
    }

    public void Suppress(string address, string reason, DateTimeOffset now)
    {
        lock (gate)
        {
            suppressed[address] = new SuppressedAddress(address, reason, now);
        }
    }

    public bool Unsuppress(string address)
    {
        lock (gate)
        {
            return suppressed.Remove(address);
        }
    }

    public SuppressedAddress? FindSuppressed(string address)
    {
        lock (gate)
        {
            return suppressed.GetValueOrDefault(address);
        }
    }

    public IReadOnlyList<SuppressedAddress> Suppressed()
    {
        lock (gate)
        {
            return [.. suppressed.Values.OrderBy(s => s.EmailAddress, StringComparer.OrdinalIgnoreCase)];
        }
    }

    public SandboxAccount ToAdmin(DateTimeOffset now)
    {
        lock (gate)
        {
            Expire(now);
            return new SandboxAccount(AccountId, settings.SendingEnabled, settings.ProductionAccessEnabled, settings.EnforcementStatus,
                settings.MaxSendRate, settings.Max24HourSend, sentInWindow, [.. verified.Order(StringComparer.OrdinalIgnoreCase)], suppressed.Count, settings.Regions);
        }
    }

    /// <summary>Forgets what was sent (a reset), keeping settings and the suppression list.</summary>
    public void ForgetSending(DateTimeOffset now)
    {
        lock (gate)
        {
            sent.Clear();
            sentInWindow = 0;
            tokens = Math.Max(settings.MaxSendRate, 0);
            refilledAt = now;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (sent.TryPeek(out var oldest) && oldest.At <= now - QuotaWindow)
        {
            sent.Dequeue();
            sentInWindow -= oldest.Count;
        }
    }

    private static HashSet<string> VerifiedSet(SandboxAccountSettings settings) =>
        new(settings.VerifiedIdentities ?? SandboxAccountSettings.DefaultVerifiedIdentities, StringComparer.OrdinalIgnoreCase);
}
