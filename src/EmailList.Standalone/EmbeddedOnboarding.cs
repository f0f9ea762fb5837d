using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace EmailList.Standalone;

/// <summary>
/// Onboards a tenant of the embedded default the way a real one is onboarded: PUT /tenant/role on the query API, with a
/// short-lived tenant:admin token for that tenant (the same checks, and the same event forwarding set up).
/// </summary>
public sealed class EmbeddedOnboarding(DevTokenIssuer tokens, IHttpClientFactory httpClients, IOptions<StandaloneOptions> options)
{
    public async Task<HttpResponseMessage> SetRoleAsync(string tenantId, string roleArn, string region, CancellationToken cancellationToken)
    {
        using var queryApi = httpClients.CreateClient();
        queryApi.BaseAddress = new Uri(options.Value.QueryApiUrl);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/tenant/role") { Content = JsonContent.Create(new { roleArn, region }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            tokens.Issue(tenantId, ["tenant:admin"], isOperator: false, TimeSpan.FromMinutes(5)));
        return await queryApi.SendAsync(request, cancellationToken);
    }
}
