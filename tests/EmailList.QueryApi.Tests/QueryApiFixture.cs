using System.Globalization;
using EmailList.Core.Credentials;
using EmailList.Core.Events;
using EmailList.Core.Ses;
using EmailList.Core.Suppression;
using EmailList.Core.Tenants;
using EmailList.Sandbox.Admin;
using EmailList.Testing.Auth;
using EmailList.Testing.Hosting;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.QueryApi.Tests;

/// <summary>The query API on Kestrel over a SQLite file in a temporary folder, with the sandbox in place of STS and SES.</summary>
public sealed class QueryApiFixture : IAsyncLifetime
{
    private IsolatedQueryApi? _api;
    private int _accounts;

    public const string TemplateUrl = "https://emaillist-templates.s3.amazonaws.com/customer-onboarding.template.json";

    /// <summary>
    /// Publishes SES events only along the path AWS would take (configuration set, rule, bus policy) to <see cref="EventTarget"/>,
    /// so onboarding and offboarding are seen to start and stop the events themselves.
    /// </summary>
    public SandboxFixture Sandbox { get; private set; } = null!;

    /// <summary>Where the platform bus's SES events arrive.</summary>
    public SesEventReceiver EventTarget { get; private set; } = null!;
    public TestTokens Tokens { get; } = new();
    public QueryApiHost Api => _api?.Host ?? throw new InvalidOperationException("The query API has not started.");

    public IEventStore Events => Api.Services.GetRequiredService<IEventStore>();
    public ISuppressionStore Suppressions => Api.Services.GetRequiredService<ISuppressionStore>();
    public ITenantStore Tenants => Api.Services.GetRequiredService<ITenantStore>();

    public async Task InitializeAsync()
    {
        EventTarget = await SesEventReceiver.StartAsync();
        Sandbox = await SandboxFixture.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Sandbox:Events:TargetUrl"] = EventTarget.Url.AbsoluteUri,
            ["Sandbox:Events:RequireForwarding"] = "true",
        });
        _api = await IsolatedQueryApi.StartAsync(this, [new("Onboarding:TemplateUrl", TemplateUrl)]);
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        if (EventTarget is not null)
        {
            await EventTarget.DisposeAsync();
        }
    }

    public HttpClient Client(string tenantId, params string[] scopes) => Api.CreateClient(Tokens.ForTenant(tenantId, scopes));

    /// <summary>A fresh AWS account id, so tests never see each other's state in the sandbox.</summary>
    public string NewAccountId() => (444_000_000_000L + Interlocked.Increment(ref _accounts)).ToString(CultureInfo.InvariantCulture);

    public static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A tenant in the store only: enough for events and the suppression list, not for SES.</summary>
    public async Task<Tenant> CreateTenantAsync()
    {
        var tenant = new Tenant { Id = NewTenantId(), Name = "Test", ExternalId = ExternalIdGenerator.Create(), CreatedAt = DateTimeOffset.UtcNow };
        Assert.True(await Tenants.TryCreateAsync(tenant, CancellationToken.None));
        return tenant;
    }

    /// <summary>A tenant with an SES account in the sandbox and a role there that trusts the platform with the tenant's external ID.</summary>
    public async Task<Tenant> CreateTenantWithRoleAsync(SandboxAccountSettings? settings = null)
    {
        var id = NewTenantId();
        var externalId = ExternalIdGenerator.Create();
        var accountId = NewAccountId();
        var role = await Sandbox.CreateTenantAsync(accountId, externalId, settings);
        var tenant = new Tenant
        {
            Id = id,
            Name = "Test",
            ExternalId = externalId,
            Status = TenantStatus.Active,
            AwsAccountId = accountId,
            RoleArn = role.RoleArn,
            Region = SandboxFixture.Region,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True(await Tenants.TryCreateAsync(tenant, CancellationToken.None));
        return tenant;
    }

    public ISesClient Ses => Api.Services.GetRequiredService<ISesClient>();

    /// <summary>A session in the tenant's SES account, to look at or prepare its account-level suppression list.</summary>
    public async Task<SesSession> SesSessionAsync(Tenant tenant) =>
        new(await Api.Services.GetRequiredService<TenantCredentialBroker>().GetCredentialsAsync(tenant, CancellationToken.None), tenant.Region!);

    /// <summary>The SES account-level suppression list of the tenant's account: address to reason.</summary>
    public async Task<Dictionary<string, string>> SesListAsync(Tenant tenant)
    {
        var session = await SesSessionAsync(tenant);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await Ses.ListSuppressedDestinationsAsync(session, token, 1000, CancellationToken.None);
            foreach (var item in page.Items)
            {
                result[item.EmailAddress.ToLowerInvariant()] = item.Reason;
            }

            token = page.NextToken;
        }
        while (token is not null);

        return result;
    }

    public async Task AddAsync(IEnumerable<SesEvent> events)
    {
        foreach (var e in events)
        {
            Assert.True(await Events.TryAddAsync(e, CancellationToken.None), $"event {e.EventId} was not new");
        }
    }
}
