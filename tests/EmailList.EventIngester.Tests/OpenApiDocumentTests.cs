using EmailList.Testing.Hosting;

namespace EmailList.EventIngester.Tests;

[Collection(IngesterGroup.Name)]
public sealed class OpenApiDocumentTests(IngesterFixture fixture)
{
    [Fact]
    public async Task The_document_describes_the_ingest_endpoint_behind_the_ingest_key()
    {
        var document = await OpenApiDocumentCheck.DescribesEveryRouteAsync(fixture.Host);

        OpenApiDocumentCheck.EveryErrorIsAProblem(document);
        var ingest = document.Paths!["/ses-events"].Operations![HttpMethod.Post];
        var scheme = Assert.Single(Assert.Single(ingest.Security!)).Key;
        Assert.Equal("IngestKey", scheme.Reference.Id);
        Assert.Equal("X-EmailList-Ingest-Key", document.Components!.SecuritySchemes!["IngestKey"].Name);
        Assert.Superset(new HashSet<string> { "200", "400", "401", "413", "503" }, ingest.Responses!.Keys.ToHashSet());
        Assert.DoesNotContain("Bearer", document.Components.SecuritySchemes.Keys);
    }
}
