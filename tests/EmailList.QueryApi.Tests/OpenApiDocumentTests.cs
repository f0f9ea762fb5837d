using EmailList.Testing.Hosting;

namespace EmailList.QueryApi.Tests;

[Collection(QueryApiGroup.Name)]
public sealed class OpenApiDocumentTests(QueryApiFixture fixture)
{
    [Fact]
    public async Task The_document_is_OpenAPI_3_1_and_describes_every_route_with_its_scope_and_problems()
    {
        var document = await OpenApiDocumentCheck.DescribesEveryRouteAsync(fixture.Api);

        OpenApiDocumentCheck.EveryErrorIsAProblem(document);
        Assert.Equal("EmailList query API", document.Info.Title);
        var setRole = document.Paths!["/tenant/role"].Operations![HttpMethod.Put];
        Assert.Equal(["tenant:admin"], Assert.Single(Assert.Single(setRole.Security!)).Value);
        Assert.True(setRole.RequestBody?.Content?.ContainsKey("application/json"));
        Assert.Superset(new HashSet<string> { "401", "403", "409", "422", "503" }, setRole.Responses!.Keys.ToHashSet());
        var events = document.Paths["/events"].Operations![HttpMethod.Get];
        Assert.Superset(new HashSet<string> { "from", "to", "preset", "type", "recipient", "messageId", "tag", "limit", "cursor" },
            events.Parameters!.Select(p => p.Name!).ToHashSet());
    }
}
