using EmailList.Core.Lists;

namespace EmailList.SendApi.Contacts;

/// <summary>The lower-case names the API reads and writes for subscription statuses and consent routes.</summary>
internal static class ContactStatus
{
    public const string Rule = "A status is 'subscribed' or 'pending'.";

    public static string Name(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Pending => "pending",
        SubscriptionStatus.Subscribed => "subscribed",
        _ => "unsubscribed",
    };

    public static string Name(ConsentRoute route) => route switch
    {
        ConsentRoute.Form => "form",
        ConsentRoute.Api => "api",
        _ => "import",
    };

    /// <summary>A status a caller may ask for (subscribed, pending); null when the text is neither.</summary>
    public static SubscriptionStatus? ParseWanted(string? text) => text?.ToLowerInvariant() switch
    {
        "subscribed" => SubscriptionStatus.Subscribed,
        "pending" => SubscriptionStatus.Pending,
        _ => null,
    };

    /// <summary>A status to filter by (any of the three); null when the text is none of them.</summary>
    public static SubscriptionStatus? ParseFilter(string? text) => text?.ToLowerInvariant() switch
    {
        "unsubscribed" => SubscriptionStatus.Unsubscribed,
        var other => ParseWanted(other),
    };
}
