using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;

namespace EmailList.Deploy;

/// <summary>
/// The email lists' public routes (sign-up, confirm, unsubscribe: no JWT, reached from anyone's browser and mail client)
/// on their own host, forwarded to the send API. <see cref="PlatformWebAcl"/> rate-limits each client IP on them before
/// a request reaches a task; the send API limits per IP and per address again (its own limiters), so a flood that
/// spreads over many IPs is still held per address.
/// </summary>
public sealed class PublicListRoutes : Construct
{
    /// <summary>The paths the send API serves without authentication (EmailList.SendApi's public list endpoints).</summary>
    public static readonly string[] Paths = ["/subscribe/*", "/confirm/*", "/unsubscribe/*"];

    /// <summary>Requests per client IP per five minutes (WAF's default evaluation window): sign-ups are rare per person; confirm and unsubscribe are clicks.</summary>
    public const int SubscribeLimitPer5Minutes = 100;

    public const int LinkLimitPer5Minutes = 300;

    public PublicListRoutes(Construct scope, string id, ApplicationListener listener, ApplicationTargetGroup sendApi, string host, int priority)
        : base(scope, id)
    {
        listener.AddTargetGroups("PublicListRoute", new AddApplicationTargetGroupsProps
        {
            Priority = priority,
            Conditions = [ListenerCondition.HostHeaders([host]), ListenerCondition.PathPatterns(Paths)],
            TargetGroups = [sendApi],
        });
    }
}
