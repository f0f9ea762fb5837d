using EmailList.Core.Lists;
using EmailList.Core.Tenants;
using EmailList.Testing.Dynamo;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

/// <summary>The production store choice: an ingester on DynamoDB (dynalite) resolves its contact store and ends list subscriptions there too.</summary>
public sealed class ListUnsubscribeOnDynamoDbTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private IngesterHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await IngesterHost.StartAsync(
        [
            new("Storage:Provider", "DynamoDb"),
            new("DynamoDb:ServiceUrl", dynamo.ServiceUrl.AbsoluteUri),
            new("DynamoDb:TablePrefix", "ingest-lists-" + Guid.NewGuid().ToString("N")[..8] + "-"),
            new("DynamoDb:CreateTables", "true"),
            new("DynamoDb:RequireTimeToLive", "false"),
            new("DynamoDb:AccessKeyId", DynaliteFixture.AccessKeyId),
            new("DynamoDb:SecretAccessKey", DynaliteFixture.SecretAccessKey),
            new("Ingester:SharedSecret", IngesterFixture.Secret),
        ]);
        _client = _host.CreateIngestClient(IngesterFixture.Secret);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_complaint_unsubscribes_the_contact_and_another_tenants_identical_tags_do_nothing()
    {
        var (tenant, forger) = (await CreateTenantAsync(), await CreateTenantAsync());
        var (list, contact) = await ListSubscriptions.SubscribedAsync(_host.Services, tenant, "angry@example.org");
        var (otherList, otherContact) = await ListSubscriptions.SubscribedAsync(_host.Services, tenant, "calm@example.org");

        var forged = IngesterFixture.EventOf(forger, "complaint").WithRecipient("calm@example.org").WithListTags(otherList.Id, otherContact.Id);
        var complaint = IngesterFixture.EventOf(tenant, "complaint").WithRecipient("angry@example.org").WithListTags(list.Id, contact.Id);
        Assert.Equal((1, 0, 0), await (await PostAsync(forged)).CountsAsync());
        Assert.Equal((1, 0, 0), await (await PostAsync(complaint)).CountsAsync());
        Assert.Equal((0, 1, 0), await (await PostAsync(complaint)).CountsAsync());

        var contacts = _host.Services.GetRequiredService<IContactStore>();
        Assert.StartsWith("DynamoDb", contacts.GetType().Name, StringComparison.Ordinal);
        var ended = await contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None);
        Assert.Equal((SubscriptionStatus.Unsubscribed, "complaint"), (ended?.Status, ended?.UnsubscribeReason));
        Assert.Equal(SubscriptionStatus.Subscribed, (await contacts.GetSubscriptionAsync(tenant.Id, otherList.Id, otherContact.Id, CancellationToken.None))?.Status);
    }

    private Task<HttpResponseMessage> PostAsync(System.Text.Json.Nodes.JsonNode body) =>
        _client.PostAsync("/ses-events", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private async Task<Tenant> CreateTenantAsync()
    {
        var accountId = "666" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        var tenant = new Tenant
        {
            Id = id,
            Name = "Tenant " + id,
            ExternalId = ExternalIdGenerator.Create(),
            Status = TenantStatus.Active,
            AwsAccountId = accountId,
            RoleArn = $"arn:aws:iam::{accountId}:role/EmailListSender",
            Region = "us-east-1",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True(await _host.Services.GetRequiredService<ITenantStore>().TryCreateAsync(tenant, CancellationToken.None));
        return tenant;
    }
}
