using EmailList.Core.Credentials;
using EmailList.Infrastructure;

namespace EmailList.QueryApi.Infrastructure;

internal static class QueryInfrastructureExtensions
{
    /// <summary>
    /// Stores, caches and AWS clients, chosen by configuration alone as the send API does: <c>Storage:Provider</c>
    /// (Sqlite or DynamoDb) and a Redis connection string (<c>ConnectionStrings:redis</c>); without Redis the
    /// suppression lookup reads the store and credentials are cached in-process only.
    /// </summary>
    public static TBuilder AddQueryInfrastructure<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // A host that also runs the send API has registered all of this already.
        if (!builder.Services.Any(d => d.ServiceType == typeof(TenantCredentialBroker)))
        {
            builder.AddEmailListStores();
            builder.AddTenantAccess();
        }

        return builder;
    }
}
