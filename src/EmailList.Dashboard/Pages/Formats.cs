using System.Globalization;

namespace EmailList.Dashboard.Pages;

/// <summary>How figures, times and statuses read on the pages (UTC, invariant culture, as the APIs speak).</summary>
public static class Formats
{
    public static string Percent(double? fraction, string format = "0.##") =>
        fraction is { } value ? (value * 100).ToString(format, CultureInfo.InvariantCulture) + " %" : "–";

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "–";

    public static string IsoTime(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The badge's CSS class for an SES event type or a message status: good, info, warn or bad.</summary>
    public static string Tone(string typeOrStatus) => typeOrStatus switch
    {
        "Delivery" or "Delivered" => "good",
        "Open" or "Opened" or "Click" or "Clicked" => "engaged",
        "DeliveryDelay" or "Delayed" or "Subscription" => "warn",
        "Bounce" or "Bounced" or "Complaint" or "Complained" or "Reject" or "Rejected" or "RenderingFailure" or "RenderingFailed" => "bad",
        _ => "info",
    };

    /// <summary>"DeliveryDelay" as "Delivery delay".</summary>
    public static string Words(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
