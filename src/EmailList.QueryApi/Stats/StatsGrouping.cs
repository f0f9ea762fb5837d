using EmailList.Core.Mail;

namespace EmailList.QueryApi.Stats;

/// <summary>What <c>/stats?groupBy=</c> accepts, and the tag each groups by.</summary>
internal static class StatsGrouping
{
    public const string Template = "template";
    public const string Broadcast = "broadcast";

    public static string? TagOf(string groupBy) => groupBy.ToLowerInvariant() switch
    {
        Template => MessageTags.Template,
        Broadcast => MessageTags.Broadcast,
        _ => null,
    };
}
