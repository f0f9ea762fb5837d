using System.Text.Json;

namespace EmailList.SendApi.Templates;

/// <summary>The body of POST /templates. Unknown members are refused at deserialization.</summary>
public sealed record CreateTemplateRequest(string? Name, string? Subject, string? Html, string? Text);

/// <summary>The body of PUT /templates/{name}: the next version's parts.</summary>
public sealed record UpdateTemplateRequest(string? Subject, string? Html, string? Text);

/// <summary>The body of POST /templates/{name}/render.</summary>
/// <param name="Data">A JSON object with the template's variables.</param>
/// <param name="Version">A version to render; the latest when absent.</param>
public sealed record RenderTemplateRequest(JsonElement? Data, int? Version);
