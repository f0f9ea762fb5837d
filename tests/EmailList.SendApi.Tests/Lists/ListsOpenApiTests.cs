using EmailList.Testing.Hosting;

namespace EmailList.SendApi.Tests.Lists;

[Collection(ListsGroup.Name)]
public sealed class ListsOpenApiTests(ListsFixture fixture)
{
    [Fact]
    public async Task The_document_describes_lists_contacts_and_imports_with_their_scopes_and_problems()
    {
        var document = await OpenApiDocumentCheck.DescribesEveryRouteAsync(fixture.Api);

        OpenApiDocumentCheck.EveryErrorIsAProblem(document);
        foreach (var (path, method, scopes) in new (string, HttpMethod, string[])[]
        {
            ("/lists", HttpMethod.Post, ["lists:write"]),
            ("/lists", HttpMethod.Get, ["lists:read", "lists:write"]),
            ("/lists/{id}", HttpMethod.Patch, ["lists:write"]),
            ("/contacts", HttpMethod.Post, ["lists:write"]),
            ("/contacts/export", HttpMethod.Get, ["lists:read", "lists:write"]),
            ("/contacts/{id}/lists/{listId}", HttpMethod.Put, ["lists:write"]),
            ("/imports", HttpMethod.Post, ["lists:write"]),
            ("/imports/{id}", HttpMethod.Get, ["lists:read", "lists:write"]),
        })
        {
            var operation = document.Paths![path].Operations![method];
            Assert.Equal(scopes, Assert.Single(Assert.Single(operation.Security!)).Value.Order(StringComparer.Ordinal));
        }

        Assert.Contains("413", document.Paths!["/imports"].Operations![HttpMethod.Post].Responses!.Keys);
        Assert.Contains("409", document.Paths!["/contacts"].Operations![HttpMethod.Post].Responses!.Keys);
    }
}
