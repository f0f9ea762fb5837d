using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmailList.ServiceDefaults.Http;

namespace EmailList.SendApi.Contacts;

/// <summary>A contact's attributes: a JSON object of bounded size, merged member by member when changed.</summary>
internal static class ContactAttributes
{
    /// <summary>The attributes as an object, or null with errors added under <paramref name="field"/>.</summary>
    public static JsonObject? Check(JsonElement? value, string field, ValidationErrors errors)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            errors.Add(field, "Attributes are a JSON object, e.g. {\"first_name\": \"Jane\"}.");
            return null;
        }

        var attributes = JsonObject.Create(element)!;
        foreach (var (name, _) in attributes)
        {
            if (name.Length == 0 || ContactLimits.ReservedAttributes.Contains(name))
            {
                errors.Add(field, $"'{name}' cannot be an attribute: {string.Join(", ", ContactLimits.ReservedAttributes)} are set by EmailList in every mail.");
            }
        }

        if (Encoding.UTF8.GetByteCount(element.GetRawText()) > ContactLimits.MaxAttributesBytes)
        {
            errors.Add(field, $"Attributes are at most {ContactLimits.MaxAttributesBytes} bytes of JSON; keep large data in your own system.");
        }

        return attributes;
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="changes"/> merged (RFC 7396 at the top level: a member set to
    /// null is removed), or null when the result would be larger than allowed.
    /// </summary>
    public static string? Merge(string current, JsonObject changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var merged = JsonNode.Parse(current) as JsonObject ?? [];
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = value.DeepClone();
            }
        }

        var json = merged.ToJsonString();
        return Encoding.UTF8.GetByteCount(json) > ContactLimits.MaxAttributesBytes ? null : json;
    }
}
