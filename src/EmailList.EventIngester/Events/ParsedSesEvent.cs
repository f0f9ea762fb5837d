using EmailList.Core.Events;
using EmailList.Core.Tenants;

namespace EmailList.EventIngester.Events;

/// <summary>An SES event read from its EventBridge envelope, not yet attributed to a tenant.</summary>
/// <param name="AccountId">The envelope's <c>account</c>: the AWS account whose SES sent the mail.</param>
/// <param name="TenantTag">The mail's <c>el_tenant</c> tag, when it carries one.</param>
/// <param name="Event">The event with an empty <see cref="SesEvent.TenantId"/> and no expiry yet.</param>
/// <param name="UnsubscribesAll">A Subscription event whose new preferences unsubscribe from every topic of the contact list.</param>
/// <param name="OptsOut">A Subscription event that unsubscribes from every topic or opts out of one more: the recipient turned the mail away.</param>
public sealed record ParsedSesEvent(string AccountId, string? TenantTag, SesEvent Event, bool UnsubscribesAll = false, bool OptsOut = false)
{
    public SesEvent AttributeTo(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Event with { TenantId = tenant.Id, ExpiresAt = Event.ReceivedAt.AddDays(tenant.EventRetentionDays) };
    }
}
