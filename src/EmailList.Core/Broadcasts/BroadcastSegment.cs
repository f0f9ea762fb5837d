using System.Text.Json;
using EmailList.Core.Lists;

namespace EmailList.Core.Broadcasts;

/// <summary>
/// A broadcast's segment: a JSON object of contact attribute names and scalar values (string, number, true, false,
/// null), every one of which a contact's attribute must equal, e.g. <c>{"plan":"pro","country":"DE"}</c>.
/// </summary>
public static class BroadcastSegment
{
    public const int MaxConditions = 20;

    /// <summary>Null when <paramref name="segment"/> is a valid segment, else what is wrong with it.</summary>
    public static string? Check(JsonElement segment)
    {
        if (segment.ValueKind != JsonValueKind.Object)
        {
            return "A segment is a JSON object of contact attribute names and the values they must equal, e.g. {\"plan\":\"pro\"}.";
        }

        var count = 0;
        foreach (var condition in segment.EnumerateObject())
        {
            if (++count > MaxConditions)
            {
                return $"A segment has at most {MaxConditions} conditions.";
            }

            if (condition.Name.Length is 0 or > 100)
            {
                return "A segment's attribute names are 1-100 characters.";
            }

            if (condition.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                return $"The segment's value for '{condition.Name}' must be a string, number, true, false or null: attributes are compared for equality.";
            }
        }

        return count == 0 ? "A segment needs at least one condition; leave it out to send to every subscriber." : null;
    }

    /// <summary>Whether the contact is in the segment (always, when there is none).</summary>
    public static bool Matches(string? segment, Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (segment is null)
        {
            return true;
        }

        using var conditions = JsonDocument.Parse(segment);
        using var attributes = JsonDocument.Parse(contact.Attributes);
        if (attributes.RootElement.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var condition in conditions.RootElement.EnumerateObject())
        {
            if (!attributes.RootElement.TryGetProperty(condition.Name, out var value))
            {
                if (condition.Value.ValueKind == JsonValueKind.Null)
                {
                    continue; // an absent attribute equals null
                }

                return false;
            }

            if (!JsonElement.DeepEquals(condition.Value, value))
            {
                return false;
            }
        }

        return true;
    }
}
