using System.Text.Json;
using System.Text.Json.Nodes;
using EmailList.Core.Templates;

namespace EmailList.Core.Lists;

/// <summary>
/// Renders a list's mail (a confirmation, a broadcast) for one contact: a stored template by name, or the inline
/// subject/html/text as a template of its own, with the contact's attributes and the links we add as data.
/// </summary>
public sealed class ListMailRenderer(ITemplateStore templates, TemplateRenderer renderer)
{
    /// <summary>
    /// Renders <paramref name="content"/>. <paramref name="owner"/> names inline content for the compiled-template cache
    /// ("bc_…", "lst_…:confirm") and <paramref name="ownerUpdatedAt"/> its version, so a changed draft is compiled again.
    /// Throws <see cref="TemplateRenderException"/> (a missing variable, a syntax error) and
    /// <see cref="KeyNotFoundException"/> when the named template or version no longer exists.
    /// </summary>
    public async Task<RenderedTemplate> RenderAsync(
        string tenantId, MessageContent content, string owner, DateTimeOffset ownerUpdatedAt, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Template template;
        if (content.TemplateName is { } name)
        {
            template = await templates.GetAsync(tenantId, name, content.TemplateVersion, cancellationToken)
                ?? throw new KeyNotFoundException(content.TemplateVersion is { } v
                    ? $"Template '{name}' has no version {v}."
                    : $"There is no template '{name}'.");
        }
        else
        {
            template = new Template(tenantId, owner, 1, content.Subject ?? string.Empty, content.Html, content.Text, ownerUpdatedAt, ownerUpdatedAt);
        }

        return renderer.Render(template, data);
    }

    /// <summary>The contact's attributes with <paramref name="extra"/> on top (ours win: <c>email</c>, <c>unsubscribe_url</c>, <c>confirm_url</c>).</summary>
    public static JsonElement Data(Contact contact, params ReadOnlySpan<(string Name, string Value)> extra)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var data = JsonNode.Parse(contact.Attributes) as JsonObject ?? [];
        data["email"] = contact.Email;
        foreach (var (name, value) in extra)
        {
            data[name] = value;
        }

        return JsonSerializer.SerializeToElement(data, ListJsonContext.Default.JsonObject);
    }
}
