using System.Text.Json;
using System.Text.Json.Nodes;
using EmailList.Core.Events;
using EmailList.Core.Webhooks;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class WebhookPayloadShapeTests(QueryApiFixture fixture)
{
    [Theory]
    [InlineData(SesEventType.Bounce)]
    [InlineData(SesEventType.Click)]
    [InlineData(SesEventType.Delivery)]
    public async Task A_webhook_payloads_data_is_the_event_exactly_as_GET_events_serves_it(SesEventType type)
    {
        var tenant = await fixture.CreateTenantAsync();
        var sesEvent = TestEvents.Create(tenant.Id, type, DateTimeOffset.UtcNow.AddMinutes(-1), recipient: "Bob@Example.com");
        await fixture.AddAsync([sesEvent]);
        using var client = fixture.Client(tenant.Id, "events:read");

        var served = (await client.GetJsonAsync("/events")).GetProperty("items")[0];
        var payload = JsonNode.Parse(WebhookPayload.ForEvent(sesEvent))!;

        Assert.Equal(WebhookEventTypes.Of(type), (string?)payload["type"]);
        Assert.Equal(sesEvent.OccurredAt, DateTimeOffset.Parse((string)payload["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(served.GetRawText()), payload["data"]), $"/events: {served.GetRawText()}\npayload data: {payload["data"]!.ToJsonString()}");
        Assert.Equal(["type", "timestamp", "data"], payload.AsObject().Select(p => p.Key));
        Assert.Equal(JsonValueKind.Object, served.ValueKind);
    }
}
