using System.Net;
using System.Text;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class JsonContentTypeTests(QueryApiFixture fixture)
{
    // Every endpoint of the query API that takes a JSON body, with a body that would be valid as JSON.
    public static TheoryData<string, string, string, string> JsonEndpoints() => new()
    {
        { "PUT", "/suppression-list/jane@example.com", "{\"reason\":\"MANUAL\"}", "suppression:write" },
        { "POST", "/suppression-list/sync", "{\"direction\":\"pull\"}", "suppression:write" },
        { "PUT", "/tenant/role", "{\"roleArn\":\"arn:aws:iam::123456789012:role/EmailList\",\"region\":\"us-east-1\"}", "tenant:admin" },
        { "POST", "/tenants", "{\"name\":\"Acme\",\"id\":\"acme-415\"}", "operator" },
        { "PATCH", "/tenants/{tenant}", "{\"allowSharedAccount\":true}", "operator" },
    };

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task A_JSON_body_sent_as_another_media_type_is_refused_with_a_415_ProblemDetails(string method, string path, string json, string scope)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var client = scope == "operator" ? fixture.Api.CreateClient(fixture.Tokens.ForOperator()) : fixture.Client(tenant.Id, scope);

        foreach (var mediaType in (string?[])["text/plain", "application/x-www-form-urlencoded", "text/csv", null])
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{tenant}", tenant.Id, StringComparison.Ordinal))
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)),
            };
            if (mediaType is not null)
            {
                request.Content.Headers.ContentType = new(mediaType);
            }

            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("application/json", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Null(await fixture.Suppressions.GetAsync(tenant.Id, "jane@example.com", CancellationToken.None));
    }
}
