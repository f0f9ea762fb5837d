using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Distributed;

namespace EmailList.Dashboard.Auth;

/// <summary>
/// Keeps each session (and with it the user's access token) on the server; the browser's cookie holds only a random
/// session key. In-memory by default; several dashboard instances need a shared <see cref="IDistributedCache"/>.
/// </summary>
public sealed class DistributedTicketStore(IDistributedCache cache) : ITicketStore
{
    private const string KeyPrefix = "dashboard-session:";

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = KeyPrefix + RandomNumberGenerator.GetHexString(32, lowercase: true);
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var options = new DistributedCacheEntryOptions();
        if (ticket.Properties.ExpiresUtc is { } expires)
        {
            options.AbsoluteExpiration = expires;
        }
        else
        {
            options.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(8);
        }

        return cache.SetAsync(key, TicketSerializer.Default.Serialize(ticket), options);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = key.StartsWith(KeyPrefix, StringComparison.Ordinal) ? await cache.GetAsync(key) : null;
        return bytes is null ? null : TicketSerializer.Default.Deserialize(bytes);
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(key);
}
