using EmailList.Core.Identifiers;
using EmailList.Core.Webhooks;

namespace EmailList.Testing.Contracts;

/// <summary>What every <see cref="IWebhookStore"/> must do; derive once per implementation.</summary>
public abstract class WebhookStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IWebhookStore> CreateStoreAsync();

    protected static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task An_added_webhook_reads_back_field_for_field()
    {
        var store = await CreateStoreAsync();
        var webhook = NewWebhook(NewTenantId()) with
        {
            Description = "Grüße ✉ CRM",
            Enabled = false,
            DisabledReason = WebhookDisabledReason.Failing,
            DisabledAt = T0.AddMinutes(-5).AddTicks(3),
            PreviousSecret = WebhookSecret.New(),
            PreviousSecretExpiresAt = T0.AddHours(24).AddTicks(7),
            FailingSince = T0.AddDays(-3),
        };

        await store.AddAsync(webhook, None);

        AssertSame(webhook, await store.GetAsync(webhook.TenantId, webhook.Id, None));
    }

    [Fact]
    public async Task Adding_an_id_that_exists_is_refused_and_keeps_the_first()
    {
        var store = await CreateStoreAsync();
        var webhook = NewWebhook(NewTenantId());
        await store.AddAsync(webhook, None);

        await Assert.ThrowsAnyAsync<Exception>(() => store.AddAsync(webhook with { Url = new Uri("https://other.example/hook") }, None));

        Assert.Equal(webhook.Url, (await store.GetAsync(webhook.TenantId, webhook.Id, None))!.Url);
    }

    [Fact]
    public async Task A_tenant_lists_its_own_webhooks_oldest_first()
    {
        var store = await CreateStoreAsync();
        var tenant = NewTenantId();
        var second = NewWebhook(tenant) with { CreatedAt = T0.AddMinutes(1) };
        var first = NewWebhook(tenant) with { CreatedAt = T0 };
        await store.AddAsync(second, None);
        await store.AddAsync(first, None);
        await store.AddAsync(NewWebhook(NewTenantId()), None);

        var listed = await store.ListAsync(tenant, None);

        Assert.Equal([first.Id, second.Id], listed.Select(w => w.Id));
        Assert.Empty(await store.ListAsync(NewTenantId(), None));
    }

    [Fact]
    public async Task Another_tenant_cannot_read_update_or_delete_a_webhook()
    {
        var store = await CreateStoreAsync();
        var webhook = NewWebhook(NewTenantId());
        await store.AddAsync(webhook, None);
        var intruder = NewTenantId();

        Assert.Null(await store.GetAsync(intruder, webhook.Id, None));
        Assert.DoesNotContain(await store.ListAsync(intruder, None), w => w.Id == webhook.Id);
        Assert.False(await store.TryUpdateAsync(webhook with { TenantId = intruder, Url = new Uri("https://evil.example/") }, None));
        Assert.False(await store.DeleteAsync(intruder, webhook.Id, None));

        AssertSame(webhook, await store.GetAsync(webhook.TenantId, webhook.Id, None));
    }

    [Fact]
    public async Task An_update_over_the_version_read_is_written_as_the_next_version()
    {
        var store = await CreateStoreAsync();
        var webhook = NewWebhook(NewTenantId());
        await store.AddAsync(webhook, None);
        var changed = webhook with
        {
            Url = new Uri("https://changed.example/in"),
            EventTypes = [WebhookEventTypes.EmailBounced],
            Enabled = false,
            UpdatedAt = T0.AddMinutes(5),
        };

        Assert.True(await store.TryUpdateAsync(changed, None));

        AssertSame(changed with { Version = webhook.Version + 1 }, await store.GetAsync(webhook.TenantId, webhook.Id, None));
    }

    [Fact]
    public async Task An_update_over_a_stale_version_is_refused_and_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var webhook = NewWebhook(NewTenantId());
        await store.AddAsync(webhook, None);
        Assert.True(await store.TryUpdateAsync(webhook with { Description = "first" }, None));

        Assert.False(await store.TryUpdateAsync(webhook with { Description = "second" }, None));

        var read = await store.GetAsync(webhook.TenantId, webhook.Id, None);
        Assert.Equal("first", read!.Description);
        Assert.Equal(webhook.Version + 1, read.Version);
    }

    [Fact]
    public async Task Of_two_concurrent_updates_over_one_version_exactly_one_wins()
    {
        var store = await CreateStoreAsync();
        var webhook = NewWebhook(NewTenantId());
        await store.AddAsync(webhook, None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.TryUpdateAsync(webhook with { Description = "writer " + i }, None))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Updating_or_deleting_a_missing_webhook_reports_false_and_a_deleted_one_is_gone()
    {
        var store = await CreateStoreAsync();
        var webhook = NewWebhook(NewTenantId());
        Assert.False(await store.TryUpdateAsync(webhook, None));
        Assert.False(await store.DeleteAsync(webhook.TenantId, webhook.Id, None));
        await store.AddAsync(webhook, None);

        Assert.True(await store.DeleteAsync(webhook.TenantId, webhook.Id, None));

        Assert.Null(await store.GetAsync(webhook.TenantId, webhook.Id, None));
        Assert.Empty(await store.ListAsync(webhook.TenantId, None));
        Assert.False(await store.TryUpdateAsync(webhook, None));
    }

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N");

    protected static Webhook NewWebhook(string tenantId) => new()
    {
        TenantId = tenantId,
        Id = RandomId.New("wh_"),
        Url = new Uri("https://hooks.example.com/emaillist?x=1"),
        EventTypes = [WebhookEventTypes.EmailDelivered, WebhookEventTypes.ContactSubscribed],
        Secret = WebhookSecret.New(),
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static void AssertSame(Webhook expected, Webhook? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.EventTypes, actual.EventTypes);
        Assert.Equal(expected with { EventTypes = actual.EventTypes }, actual);
    }
}
