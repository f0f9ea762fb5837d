using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace EmailList.Dashboard.Auth;

/// <summary>Adds the signed-in user's access token, read from the server-side session, to every API call.</summary>
public sealed class BearerTokenHandler(IHttpContextAccessor accessor, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = accessor.HttpContext ?? throw new SessionExpiredException("An API call outside a request has no user.");
        var token = await http.GetTokenAsync("access_token");
        var expiresAt = await http.GetTokenAsync("expires_at");
        if (string.IsNullOrEmpty(token)
            || (DateTimeOffset.TryParse(expiresAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var expires)
                && expires <= time.GetUtcNow()))
        {
            throw new SessionExpiredException();
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
