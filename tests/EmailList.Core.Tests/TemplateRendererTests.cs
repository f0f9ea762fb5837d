using System.Text.Json;
using EmailList.Core.Templates;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Tests;

public sealed class TemplateRendererTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Html_is_escaped_while_subject_and_text_are_written_as_given()
    {
        var rendered = Render(new TemplateContent("Hi {{name}}", "<p>{{name}}</p><p>{{{name}}}</p>", "Hi {{name}}"), """{"name": "Tom & <Jerry>"}""");

        Assert.Equal("Hi Tom & <Jerry>", rendered.Subject);
        Assert.Equal("<p>Tom &amp; &lt;Jerry&gt;</p><p>Tom & <Jerry></p>", rendered.Html);
        Assert.Equal("Hi Tom & <Jerry>", rendered.Text);
    }

    [Fact]
    public void Nested_values_lists_and_conditions_render_as_in_Handlebars()
    {
        var rendered = Render(
            new TemplateContent("{{contact.first}}", null, "{{#each items}}[{{name}} x{{qty}}]{{/each}}{{#if vip}} VIP{{else}} regular{{/if}} {{price}}"),
            """{"contact": {"first": "Ana"}, "items": [{"name": "tea", "qty": 2}, {"name": "cup", "qty": 1}], "vip": false, "price": 12.50}""");

        Assert.Equal("Ana", rendered.Subject);
        Assert.Equal("[tea x2][cup x1] regular 12.50", rendered.Text);
    }

    [Fact]
    public void A_variable_the_data_lacks_is_an_error_naming_it_and_its_part()
    {
        var e = Assert.Throws<TemplateRenderException>(() => Render(new TemplateContent("Hi", "<p>{{name}} {{orderId}}</p>", null), """{"name": "Ana"}"""));

        Assert.Equal(TemplateRenderFailure.MissingVariable, e.Failure);
        Assert.Equal("orderId", e.Variable);
        Assert.Equal("html", e.Part);
        Assert.Contains("'orderId'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_inside_a_list_item_is_an_error_too()
    {
        var e = Assert.Throws<TemplateRenderException>(() =>
            Render(new TemplateContent("s", null, "{{#each items}}{{name}}{{/each}}"), """{"items": [{"name": "a"}, {"title": "b"}]}"""));

        Assert.Equal("name", e.Variable);
    }

    [Fact]
    public void A_value_missing_from_if_unless_or_each_is_false_or_empty_rather_than_an_error()
    {
        var rendered = Render(
            new TemplateContent("s", null, "{{#if nickname}}{{nickname}}{{else}}friend{{/if}}|{{#unless vip}}not vip{{/unless}}|{{#each orders}}x{{else}}no orders{{/each}}"),
            "{}");

        Assert.Equal("friend|not vip|no orders", rendered.Text);
    }

    [Fact]
    public void A_null_value_prints_as_nothing_because_the_data_has_it()
    {
        Assert.Equal("[]", Render(new TemplateContent("s", null, "[{{middle}}]"), """{"middle": null}""").Text);
    }

    [Theory]
    [InlineData("line one\nline two {{#if x}}\nline three", 2)]
    [InlineData("a\nb\n{{#each items}}\n{{/if}}", 4)]
    [InlineData("a\nb\n{{name", 3)]
    public void A_template_that_does_not_parse_is_an_error_naming_the_line(string text, int line)
    {
        var renderer = NewRenderer();

        var e = Assert.Throws<TemplateRenderException>(() => renderer.CheckSyntax(new TemplateContent("s", null, text)));

        Assert.Equal(TemplateRenderFailure.Syntax, e.Failure);
        Assert.Equal("text", e.Part);
        Assert.Equal(line, e.Line);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_helper_is_an_error_rather_than_an_empty_string()
    {
        var e = Assert.Throws<TemplateRenderException>(() => Render(new TemplateContent("s", null, "{{shout name}}"), """{"name": "a"}"""));

        Assert.Equal(TemplateRenderFailure.Unsupported, e.Failure);
    }

    [Fact]
    public void Output_beyond_the_bound_stops_the_render_with_nothing_returned()
    {
        var renderer = NewRenderer(maxRenderedChars: 2048);
        var items = JsonSerializer.Serialize(new { items = Enumerable.Range(0, 500).Select(i => new { v = "0123456789" }) });

        var e = Assert.Throws<TemplateRenderException>(() => renderer.Render(Template(new TemplateContent("s", null, "{{#each items}}{{v}}{{/each}}")), Parse(items)));

        Assert.Equal(TemplateRenderFailure.TooLarge, e.Failure);
    }

    [Fact]
    public void A_recreated_template_with_a_reused_version_number_is_compiled_afresh()
    {
        var renderer = NewRenderer();
        var first = Template(new TemplateContent("old {{x}}", null, "t"));
        var second = first with { Subject = "new {{x}}", UpdatedAt = At.AddDays(1) };

        Assert.Equal("old 1", renderer.Render(first, Parse("""{"x": 1}""")).Subject);
        Assert.Equal("new 1", renderer.Render(second, Parse("""{"x": 1}""")).Subject);
    }

    [Fact]
    public void Data_that_is_not_an_object_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NewRenderer().Render(Template(new TemplateContent("s", null, "t")), Parse("[1]")));
    }

    private static RenderedTemplate Render(TemplateContent content, string data) => NewRenderer().Render(Template(content), Parse(data));

    private static Template Template(TemplateContent content) =>
        new("t-1", "welcome", 1, content.Subject, content.Html, content.Text, At, At);

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static TemplateRenderer NewRenderer(int maxRenderedChars = 1024 * 1024) =>
        new(Options.Create(new TemplateRendererOptions { MaxRenderedChars = maxRenderedChars }));
}
