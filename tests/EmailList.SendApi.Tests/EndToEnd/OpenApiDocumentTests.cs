using System.Text.RegularExpressions;
using EmailList.Testing.Hosting;
using EmailList.Testing;

namespace EmailList.SendApi.Tests.EndToEnd;

[Collection(SendPathGroup.Name)]
public sealed partial class OpenApiDocumentTests(SendPathFixture fixture)
{
    [Fact]
    public async Task The_document_describes_POST_mail_with_its_scope_and_every_problem_it_answers()
    {
        var document = await OpenApiDocumentCheck.DescribesEveryRouteAsync(fixture.Api);

        OpenApiDocumentCheck.EveryErrorIsAProblem(document);
        var send = document.Paths!["/mail"].Operations![HttpMethod.Post];
        Assert.Equal(["mail:send"], Assert.Single(Assert.Single(send.Security!)).Value);
        Assert.Equal("bearer", document.Components!.SecuritySchemes!["Bearer"].Scheme);
        Assert.Equal(
            ["200", "400", "401", "403", "409", "413", "415", "422", "429", "503", "504"],
            send.Responses!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_document_describes_POST_mail_batch_with_its_scope_an_array_body_and_its_problems()
    {
        var document = await OpenApiDocumentCheck.DescribesEveryRouteAsync(fixture.Api);

        var batch = document.Paths!["/mail/batch"].Operations![HttpMethod.Post];
        Assert.Equal(["mail:send"], Assert.Single(Assert.Single(batch.Security!)).Value);
        Assert.Equal(
            ["200", "400", "401", "403", "409", "413", "415", "422"],
            batch.Responses!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Microsoft.OpenApi.JsonSchemaType.Array, batch.RequestBody!.Content!["application/json"].Schema!.Type & Microsoft.OpenApi.JsonSchemaType.Array);
    }

    [Fact]
    public async Task The_POST_mail_request_schema_has_exactly_the_fields_the_README_lists()
    {
        var document = await OpenApiDocumentCheck.DescribesEveryRouteAsync(fixture.Api);
        var schema = document.Paths!["/mail"].Operations![HttpMethod.Post].RequestBody!.Content!["application/json"].Schema!;

        Assert.Equal(ReadmeFields().Order(StringComparer.Ordinal), schema.Properties!.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>The first column of the README's "What POST /mail takes and answers" table: `to`, `cc`, `bcc` and so on.</summary>
    private static List<string> ReadmeFields()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = Array.FindIndex(readme, l => l.StartsWith("### What `POST /mail` takes", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no \"What `POST /mail` takes and answers\" section");
        var fields = readme.Skip(start + 1)
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .SelectMany(l => Backticked().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value))
            .ToList();
        Assert.NotEmpty(fields);
        return fields;
    }

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex Backticked();
}
