using EmailList.Core.Lists;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailList.SendApi.Subscriptions;

public static class PublicListExtensions
{
    /// <summary>The public side of email lists: token signing, the confirmation mailer, sign-up limits and the pending clean-up.</summary>
    public static IServiceCollection AddPublicLists(this IServiceCollection services)
    {
        services.AddOptions<ListOptions>().BindConfiguration(ListOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SignUpOptions>().BindConfiguration(SignUpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Try: the lists API and broadcasts use the same signer, renderer, headers and mailer.
        services.TryAddSingleton<ListTokenSigner>();
        services.TryAddSingleton<ListMailRenderer>();
        services.TryAddSingleton<ListUnsubscribeHeaders>();
        services.TryAddSingleton<IConfirmationMailer, ConfirmationMailer>();
        services.AddSingleton<SignUpRateLimiter>();
        services.AddSingleton<AddressLocks>();
        services.AddSingleton<PublicSignUp>();
        services.AddSingleton<SubscriptionLinks>();
        services.AddHostedService<PendingSignUpCleanup>();
        return services;
    }

    public static IEndpointRouteBuilder MapPublicLists(this IEndpointRouteBuilder routes) => routes.MapPublicListEndpoints();
}
