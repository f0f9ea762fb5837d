using EmailList.Core.Idempotency;
using EmailList.Core.Mail;
using EmailList.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailList.SendApi.Infrastructure;

public static class InfrastructureExtensions
{
    /// <summary>
    /// Stores, caches and AWS clients, chosen by configuration alone: <c>Storage:Provider</c> (Sqlite or
    /// DynamoDb) and a Redis connection string (<c>ConnectionStrings:redis</c>); without Redis, the caches
    /// and idempotency keys are in-process.
    /// </summary>
    public static TBuilder AddEmailListInfrastructure<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEmailListStores();
        builder.AddTenantAccess();
        builder.Services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        builder.Services.AddSingleton<MailSender>();
        return builder;
    }
}
