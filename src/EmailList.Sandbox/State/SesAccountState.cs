using EmailList.Sandbox.Admin;

namespace EmailList.Sandbox.State;

/// <summary>One emulated SES account: its settings, sending limits (token bucket and 24-hour window) and suppression list.</summary>
internal sealed class SesAccountState
{
    private static readonly TimeSpan QuotaWindow = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, int Count)> _sent = new();
    private readonly Dictionary<string, SuppressedAddress> _suppressed = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<string, StoredEmailTemplate> _templates = new(StringComparer.Ordinal);
    private SandboxAccountSettings _settings;
    private HashSet<string> _verified;
    private double _tokens;
    private DateTimeOffset _refilledAt;
    private long _sentInWindow;

    public SesAccountState(string accountId, SandboxAccountSettings settings, DateTimeOffset now)
    {
        AccountId = accountId;
        _settings = settings;
        _verified = VerifiedSet(settings);
        _tokens = Math.Max(settings.MaxSendRate, 0);
        _refilledAt = now;
    }

    public string AccountId { get; }

    public SandboxAccountSettings Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    public void Apply(SandboxAccountSettings newSettings, DateTimeOffset now)
    {
        lock (_gate)
        {
            _settings = newSettings;
            _verified = VerifiedSet(newSettings);
            _tokens = Math.Max(newSettings.MaxSendRate, 0);
            _refilledAt = now;
        }
    }

    /// <summary>Whether an address is verified, itself or through its domain.</summary>
    public bool IsVerified(string address)
    {
        var at = address.LastIndexOf('@');
        lock (_gate)
        {
            return _verified.Contains(address) || (at >= 0 && _verified.Contains(address[(at + 1)..]));
        }
    }

    /// <summary>The verified identity that covers an address: the address itself, else its domain; null when neither is verified.</summary>
    public string? IdentityFor(string address)
    {
        var at = address.LastIndexOf('@');
        lock (_gate)
        {
            if (_verified.TryGetValue(address, out var identity))
            {
                return identity;
            }

            return at >= 0 && _verified.TryGetValue(address[(at + 1)..], out var domain) ? domain : null;
        }
    }

    /// <summary>The verified identities (addresses and domains), in order.</summary>
    public IReadOnlyList<string> VerifiedIdentities()
    {
        lock (_gate)
        {
            return [.. _verified.Order(StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>Takes <paramref name="recipients"/> from the daily quota and the send-rate bucket, or refuses and takes nothing.</summary>
    public SendRefusal TryConsume(int recipients, DateTimeOffset now)
    {
        lock (_gate)
        {
            Expire(now);
            if (_settings.Max24HourSend >= 0 && _sentInWindow + recipients > _settings.Max24HourSend)
            {
                return SendRefusal.DailyQuotaExceeded;
            }

            // A bucket as deep as one second of sending, refilled continuously; a message with many recipients
            // may overdraw it (SES allows short bursts), later ones then wait for the debt to be paid.
            var capacity = Math.Max(_settings.MaxSendRate, 0);
            _tokens = Math.Min(capacity, _tokens + ((now - _refilledAt).TotalSeconds * capacity));
            _refilledAt = now;
            if (_tokens < 1)
            {
                return SendRefusal.RateExceeded;
            }

            _tokens -= recipients;
            _sent.Enqueue((now, recipients));
            _sentInWindow += recipients;
            return SendRefusal.None;
        }
    }

    public double SentLast24Hours(DateTimeOffset now)
    {
        lock (_gate)
        {
            Expire(now);
            return _sentInWindow;
        }
    }

    public void Suppress(string address, string reason, DateTimeOffset now)
    {
        lock (_gate)
        {
            _suppressed[address] = new SuppressedAddress(address, reason, now);
        }
    }

    public bool Unsuppress(string address)
    {
        lock (_gate)
        {
            return _suppressed.Remove(address);
        }
    }

    public SuppressedAddress? FindSuppressed(string address)
    {
        lock (_gate)
        {
            return _suppressed.GetValueOrDefault(address);
        }
    }

    public IReadOnlyList<SuppressedAddress> Suppressed()
    {
        lock (_gate)
        {
            return [.. _suppressed.Values.OrderBy(s => s.EmailAddress, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>False when a template of that name exists and <paramref name="replace"/> is false (SES's AlreadyExistsException).</summary>
    public bool PutTemplate(StoredEmailTemplate template, bool replace)
    {
        lock (_gate)
        {
            if (!replace && _templates.ContainsKey(template.Name))
            {
                return false;
            }

            _templates[template.Name] = template;
            return true;
        }
    }

    public StoredEmailTemplate? FindTemplate(string name)
    {
        lock (_gate)
        {
            return _templates.GetValueOrDefault(name);
        }
    }

    /// <summary>The account's templates in name order.</summary>
    public IReadOnlyList<StoredEmailTemplate> Templates()
    {
        lock (_gate)
        {
            return [.. _templates.Values];
        }
    }

    public SandboxAccount ToAdmin(DateTimeOffset now)
    {
        lock (_gate)
        {
            Expire(now);
            return new SandboxAccount(AccountId, _settings.SendingEnabled, _settings.ProductionAccessEnabled, _settings.EnforcementStatus,
                _settings.MaxSendRate, _settings.Max24HourSend, _sentInWindow, [.. _verified.Order(StringComparer.OrdinalIgnoreCase)], _suppressed.Count, _settings.Regions);
        }
    }

    /// <summary>Forgets what was sent (a reset), keeping settings and the suppression list.</summary>
    public void ForgetSending(DateTimeOffset now)
    {
        lock (_gate)
        {
            _sent.Clear();
            _sentInWindow = 0;
            _tokens = Math.Max(_settings.MaxSendRate, 0);
            _refilledAt = now;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_sent.TryPeek(out var oldest) && oldest.At <= now - QuotaWindow)
        {
            _sent.Dequeue();
            _sentInWindow -= oldest.Count;
        }
    }

    private static HashSet<string> VerifiedSet(SandboxAccountSettings settings) =>
        new(settings.VerifiedIdentities ?? SandboxAccountSettings.DefaultVerifiedIdentities, StringComparer.OrdinalIgnoreCase);
}
