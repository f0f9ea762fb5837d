namespace EmailList.Dashboard.Pages.Broadcasts;

/// <summary>The badge class of a broadcast's status.</summary>
public static class BroadcastTone
{
    public static string Of(string status) => status switch
    {
        "sent" => "good",
        "sending" or "scheduled" => "engaged",
        "paused" => "warn",
        "cancelled" => "bad",
        _ => "info",
    };
}
