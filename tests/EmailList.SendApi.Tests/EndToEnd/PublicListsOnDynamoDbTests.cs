using System.Net;
using System.Net.Http.Json;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Suppression;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.SendApi.Tests.EndToEnd;

/// <summary>The lists' public side on the production stores: DynamoDB (dynalite) and Redis.</summary>
[Collection(SendPathGroup.Name)]
public sealed class PublicListsOnDynamoDbTests(SendPathFixture fixture)
{
    [Fact]
    public async Task A_sign_up_is_pending_until_its_latest_link_confirms_it_and_one_click_unsubscribes_it()
    {
        var tenant = await fixture.CreateTenantAsync();
        var list = await CreateListAsync(tenant.Id);
        var email = $"dyn-{Guid.NewGuid():N}@example.net";
        using var client = fixture.Api.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/subscribe/{list.PublicKey}", new { email })).StatusCode);

        var contacts = fixture.Api.Services.GetRequiredService<IContactStore>();
        var contact = (await contacts.FindByEmailAsync(tenant.Id, email, CancellationToken.None))!;
        var pending = (await contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None))!;
        Assert.Equal(SubscriptionStatus.Pending, pending.Status);
        Assert.NotNull(pending.ConfirmationSentAt);
        var signer = fixture.Api.Services.GetRequiredService<ListTokenSigner>();
        var stale = signer.CreateConfirm(tenant.Id, list.Id, contact.Id, "not-the-latest", DateTimeOffset.UtcNow.AddHours(1));
        var latest = signer.CreateConfirm(tenant.Id, list.Id, contact.Id, pending.ConfirmationNonce!, DateTimeOffset.UtcNow.AddHours(1));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/confirm/{stale}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/confirm/{latest}")).StatusCode);
        Assert.Equal(SubscriptionStatus.Subscribed, (await contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None))!.Status);

        var unsubscribe = await client.PostAsync($"/unsubscribe/{signer.CreateUnsubscribe(tenant.Id, list.Id, contact.Id)}",
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await contacts.GetSubscriptionAsync(tenant.Id, list.Id, contact.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_suppressed_address_gets_the_same_answer_and_no_contact()
    {
        var tenant = await fixture.CreateTenantAsync();
        var list = await CreateListAsync(tenant.Id);
        var email = $"dyn-bounced-{Guid.NewGuid():N}@example.net";
        await fixture.Api.Services.GetRequiredService<SuppressionList>().AddAsync(tenant.Id, email, SuppressionReason.Complaint, "test", CancellationToken.None);
        using var client = fixture.Api.CreateClient();

        var suppressed = await client.PostAsJsonAsync($"/subscribe/{list.PublicKey}", new { email });
        var fresh = await client.PostAsJsonAsync($"/subscribe/{list.PublicKey}", new { email = $"dyn-new-{Guid.NewGuid():N}@example.net" });

        Assert.Equal(fresh.StatusCode, suppressed.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await suppressed.Content.ReadAsStringAsync());
        Assert.Null(await fixture.Api.Services.GetRequiredService<IContactStore>().FindByEmailAsync(tenant.Id, email, CancellationToken.None));
    }

    private async Task<MailingList> CreateListAsync(string tenantId)
    {
        var now = DateTimeOffset.UtcNow;
        var list = new MailingList
        {
            TenantId = tenantId,
            Id = RandomId.New(ListIds.List),
            Name = "Dynamo news",
            From = "news@example.com",
            PublicKey = RandomId.New(ListIds.PublicKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await fixture.Api.Services.GetRequiredService<IListStore>().AddAsync(list, CancellationToken.None);
        return list;
    }
}
