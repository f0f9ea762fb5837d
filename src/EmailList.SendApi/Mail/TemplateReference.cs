using System.Text.Json;

namespace EmailList.SendApi.Mail;

/// <summary>POST /mail's <c>template</c>: which stored template, which version (the latest when absent), and its data.</summary>
/// <param name="Data">A JSON object with the template's variables.</param>
public sealed record TemplateReference(string? Name, int? Version, JsonElement? Data);
