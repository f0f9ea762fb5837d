using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>The two choices every service makes from configuration alone: which store, and whether Redis is there.</summary>
public static class InfrastructureChoice
{
    /// <summary>
    /// True for <c>Storage:Provider</c> DynamoDb, false for Sqlite (the default); any other value fails at start-up.
    /// </summary>
    public static bool UsesDynamoDb(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration["Storage:Provider"] ?? "Sqlite";
        if (provider.Equals("DynamoDb", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw new InvalidOperationException($"Storage:Provider is '{provider}'; use 'Sqlite' or 'DynamoDb'.");
    }

    /// <summary>Whether a Redis connection string is configured: <c>ConnectionStrings:redis</c> (what Aspire injects) or <c>Redis:ConnectionString</c>.</summary>
    public static bool UsesRedis(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis"))
            || !string.IsNullOrWhiteSpace(configuration["Redis:ConnectionString"]);
    }
}
