namespace EmailList.Dashboard.Api;

/// <summary>A template rendered with data, as POST /templates/{name}/render answers it.</summary>
public sealed record RenderedTemplateView(string Name, int Version, string Subject, string? Html, string? Text);
