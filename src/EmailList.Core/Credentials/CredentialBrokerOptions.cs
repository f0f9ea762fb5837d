using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Credentials;

public sealed class CredentialBrokerOptions
{
    public const string SectionName = "Credentials";

    /// <summary>Requested STS session length (900 s to 12 h; the role's own maximum also applies).</summary>
    [Range(typeof(TimeSpan), "00:15:00", "12:00:00")]
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Credentials are replaced this long before they expire, so none is used near its end.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:30:00")]
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
}
