using Microsoft.Extensions.DependencyInjection;

namespace EmailList.EventIngester.Tests;

internal static class ServiceCollectionDecoration
{
    /// <summary>Wraps the registered <typeparamref name="TService"/> in <typeparamref name="TDecorator"/>, itself resolvable by its own type.</summary>
    public static IServiceCollection Decorate<TService, TDecorator>(this IServiceCollection services, Func<TService, TDecorator> decorate)
        where TService : class
        where TDecorator : class, TService
    {
        var original = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(original);
        services.AddSingleton(provider => decorate((TService)Create(provider, original)));
        services.AddSingleton<TService>(provider => provider.GetRequiredService<TDecorator>());
        return services;
    }

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);
}
