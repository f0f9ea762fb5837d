using System.Text.Json.Nodes;

namespace EmailList.EventIngester.Tests;

/// <summary>
/// The EventBridge SES events in Fixtures/: AWS's documented sample records ("Examples of event data that Amazon SES
/// publishes") in the envelope EventBridge wraps them in, account 123456789012, tagged el_tenant=acme.
/// </summary>
public static class SesEventFixtures
{
    public const string Account = "123456789012";

    public static readonly string[] Names =
        ["send", "delivery", "bounce", "complaint", "reject", "open", "click", "rendering-failure", "delivery-delay", "subscription"];

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".json"));

    /// <summary>The fixture with its identity replaced, so every test works on events of its own.</summary>
    public static JsonObject Event(string name, string? eventId = null, string? account = null, string? tenantTag = null, string? messageId = null)
    {
        var root = JsonNode.Parse(Text(name))!.AsObject();
        if (eventId is not null)
        {
            root["id"] = eventId;
        }

        if (account is not null)
        {
            root["account"] = account;
        }

        var mail = root["detail"]!["mail"]!.AsObject();
        if (messageId is not null)
        {
            mail["messageId"] = messageId;
        }

        if (tenantTag is not null)
        {
            mail["tags"]!["el_tenant"] = new JsonArray(tenantTag);
        }

        return root;
    }

    /// <summary>Sets every address the event is about (destination and the type's recipient list) to <paramref name="address"/>.</summary>
    public static JsonObject WithRecipient(this JsonObject sesEvent, string address)
    {
        var detail = sesEvent["detail"]!.AsObject();
        detail["mail"]!["destination"] = new JsonArray(address);
        if (detail["bounce"] is JsonObject bounce)
        {
            bounce["bouncedRecipients"]![0]!["emailAddress"] = address;
        }

        if (detail["complaint"] is JsonObject complaint)
        {
            complaint["complainedRecipients"]![0]!["emailAddress"] = address;
        }

        if (detail["delivery"] is JsonObject delivery)
        {
            delivery["recipients"] = new JsonArray(address);
        }

        if (detail["deliveryDelay"] is JsonObject delay)
        {
            delay["delayedRecipients"]![0]!["emailAddress"] = address;
        }

        return sesEvent;
    }

    public static JsonObject WithoutTenantTag(this JsonObject sesEvent)
    {
        sesEvent["detail"]!["mail"]!["tags"]!.AsObject().Remove("el_tenant");
        return sesEvent;
    }

    /// <summary>Tags the mail as list mail is tagged: the list it was sent for and the contact it went to.</summary>
    public static JsonObject WithListTags(this JsonObject sesEvent, string listId, string contactId)
    {
        var tags = sesEvent["detail"]!["mail"]!["tags"]!.AsObject();
        tags["el_list"] = new JsonArray(listId);
        tags["el_contact"] = new JsonArray(contactId);
        return sesEvent;
    }
}
