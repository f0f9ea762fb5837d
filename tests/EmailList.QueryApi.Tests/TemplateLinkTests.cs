using System.Net.Http.Json;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using EmailList.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace EmailList.QueryApi.Tests;

/// <summary>With the template in a private bucket, the quick-create link carries a presigned S3 GET made per request.</summary>
[Collection(QueryApiGroup.Name)]
public sealed class TemplateLinkTests(QueryApiFixture fixture) : IAsyncLifetime
{
    private const string Bucket = "emaillist-templates-0123";
    private const string Key = "customer-onboarding/v7 final.template.json";
    private const string AccessKeyId = "AKIATEMPLATELINKTEST";
    private IsolatedQueryApi _api = null!;

    public async Task InitializeAsync() => _api = await IsolatedQueryApi.StartAsync(
        fixture,
        [
            new("Onboarding:TemplateUrl", QueryApiFixture.TemplateUrl),
            new("Onboarding:TemplateBucket", Bucket),
            new("Onboarding:TemplateKey", Key),
            new("Onboarding:TemplateBucketRegion", "eu-west-1"),
            new("Onboarding:TemplateLinkLifetime", "00:20:00"),
        ],
        // The task role in production; fixed keys here, so the signature's credential scope is known.
        services => services.AddSingleton<IAmazonS3>(new AmazonS3Client(new BasicAWSCredentials(AccessKeyId, "secret-key-of-the-template-link-test"),
            new AmazonS3Config { RegionEndpoint = RegionEndpoint.EUWest1 })));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_quick_create_link_carries_a_presigned_s3_url_of_the_configured_template_that_expires_as_configured()
    {
        using var client = await PendingTenantClientAsync();

        var first = await LaunchAsync(client);
        var quickCreate = first.GetProperty("quickCreateUrl").GetString()!;

        // The console reads its parameters from the fragment's query; templateURL must decode to exactly the presigned URL.
        var fragment = new Uri(quickCreate).Fragment;
        var parameters = QueryHelpers.ParseQuery(fragment[fragment.IndexOf('?', StringComparison.Ordinal)..]);
        var templateUrl = new Uri(parameters["templateURL"].ToString());
        Assert.Equal(first.GetProperty("templateUrl").GetString(), templateUrl.AbsoluteUri);
        Assert.Equal("https", templateUrl.Scheme);
        Assert.Equal($"{Bucket}.s3.eu-west-1.amazonaws.com", templateUrl.Host);
        Assert.Equal("/" + Key, Uri.UnescapeDataString(templateUrl.AbsolutePath));
        var signed = QueryHelpers.ParseQuery(templateUrl.Query);
        Assert.Equal("AWS4-HMAC-SHA256", signed["X-Amz-Algorithm"].ToString());
        Assert.Equal("1200", signed["X-Amz-Expires"].ToString());
        Assert.Matches($@"^{AccessKeyId}/\d{{8}}/eu-west-1/s3/aws4_request$", signed["X-Amz-Credential"].ToString());
        Assert.Matches("^[0-9a-f]{64}$", signed["X-Amz-Signature"].ToString());
        Assert.Equal("EmailList", parameters["stackName"].ToString());
    }

    [Fact]
    public async Task Each_request_gets_a_freshly_signed_url()
    {
        using var client = await PendingTenantClientAsync();

        var first = (await LaunchAsync(client)).GetProperty("templateUrl").GetString()!;
        var second = await Eventually.ValueAsync(
            async () =>
            {
                var url = (await LaunchAsync(client)).GetProperty("templateUrl").GetString()!;
                return (Date(url) != Date(first), url);
            },
            "a template URL signed at a later second");

        Assert.NotEqual(QueryHelpers.ParseQuery(new Uri(first).Query)["X-Amz-Signature"], QueryHelpers.ParseQuery(new Uri(second).Query)["X-Amz-Signature"]);
    }

    private static string Date(string url) => QueryHelpers.ParseQuery(new Uri(url).Query)["X-Amz-Date"].ToString();

    private static async Task<JsonElement> LaunchAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/tenant")).GetProperty("cloudFormation");

    private async Task<HttpClient> PendingTenantClientAsync() =>
        _api.TenantAdmin((await _api.CreatePendingTenantAsync("Template link test")).Id);
}
