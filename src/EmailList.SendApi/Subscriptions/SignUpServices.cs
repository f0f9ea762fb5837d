using EmailList.Core.Lists;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Subscriptions;

/// <summary>What POST /subscribe uses, bundled for the handler.</summary>
internal sealed record SignUpServices(
    IListStore Lists,
    PublicSignUp SignUp,
    SignUpRateLimiter Limiter,
    IOptions<SignUpOptions> Options,
    TimeProvider Time,
    ILogger<PublicSignUp> Logger);
