namespace EmailList.Core.Templates;

/// <summary>The durable per-tenant template store, every version kept. Every call is scoped to one tenant.</summary>
public interface ITemplateStore
{
    /// <summary>Version 1 of a new template; null when the tenant already has a template of that name.</summary>
    Task<Template?> CreateAsync(string tenantId, string name, TemplateContent content, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The latest version, or the given one; null when there is no such template or version.</summary>
    Task<Template?> GetAsync(string tenantId, string name, int? version, CancellationToken cancellationToken);

    /// <summary>The latest version of each template, by name (ordinal).</summary>
    Task<TemplatePage> ListAsync(string tenantId, TemplateQuery query, CancellationToken cancellationToken);

    /// <summary>Writes the next version; null when there is no such template. Concurrent updates get distinct versions.</summary>
    Task<Template?> UpdateAsync(string tenantId, string name, TemplateContent content, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes every version; false when there was no such template.</summary>
    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken);
}
