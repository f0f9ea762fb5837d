using EmailList.Core.Lists;

namespace EmailList.SendApi.Contacts;

/// <summary>The consent record of an API call: when, the caller's address and user agent, and the tenant's statement.</summary>
internal static class ConsentSource
{
    public static ConsentRecord From(HttpContext http, ConsentRoute route, string? statement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(http);
        return new ConsentRecord(now, route, Ip(http), UserAgent(http), string.IsNullOrWhiteSpace(statement) ? null : statement.Trim());
    }

    public static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    public static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua
        ? ua.Length > ContactLimits.MaxUserAgentLength ? ua[..ContactLimits.MaxUserAgentLength] : ua
        : null;
}
