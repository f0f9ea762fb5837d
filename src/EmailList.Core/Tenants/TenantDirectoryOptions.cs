using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Tenants;

public sealed class TenantDirectoryOptions
{
    public const string SectionName = "Tenants";

    /// <summary>How long a tenant record is reused in-process before it is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(15);
}
