using System.Net;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Subscriptions;

/// <summary>The IP of the person behind a request: the connection's, or X-Forwarded-For's as far as <see cref="SignUpOptions.TrustedProxyHops"/> proxies vouch for it.</summary>
public static class ClientAddress
{
    public static string Of(HttpContext http, SignUpOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustedProxyHops > 0)
        {
            var entries = string.Join(',', http.Request.Headers["X-Forwarded-For"].ToArray())
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (entries.Length > 0)
            {
                // Each trusted proxy appended the address it saw; what the client wrote itself is further left and not believed.
                var candidate = entries[Math.Max(0, entries.Length - options.TrustedProxyHops)];
                if (IPAddress.TryParse(candidate, out var forwarded))
                {
                    return forwarded.ToString();
                }
            }
        }

        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
